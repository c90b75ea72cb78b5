/*
 * table_schema.h - the one rule by which the Iceberg and Paimon commits
 * decide that a field a table records is the field the data has (an
 * append to an existing table, tpch_X_table_check_write).
 *
 * Field names are compared exactly, byte for byte. Neither format folds
 * case in its metadata: Iceberg's Java library looks names up
 * case-sensitively unless a reader asks otherwise (Schema.findField), and
 * Paimon's file-system catalog is case-sensitive (FileSystemCatalog
 * .caseSensitive() is true unless the catalog option says otherwise). So
 * appending a column "L_ORDERKEY" to a table whose field is "l_orderkey" is
 * refused with TPCH_ESCHEMA by both, never merged.
 *
 * Type strings are compared without spaces and without ASCII case, as both
 * formats' readers parse them: Iceberg lowercases a type string before
 * parsing it (Types.fromPrimitiveString: "DECIMAL(15,2)" is
 * "decimal(15, 2)"), Paimon's type parser takes keywords in any case
 * (DataTypeJsonParser: "bigint not null" is "BIGINT NOT NULL").
 */
#ifndef TPCH_FORMAT_COMMON_TABLE_SCHEMA_H
#define TPCH_FORMAT_COMMON_TABLE_SCHEMA_H

/* 1 when the recorded field (name, type) is the field (want_name,
 * want_type) by the rule above; 0 otherwise or when either is NULL. */
int tpch_table_field_equal(const char *name, const char *type, const char *want_name, const char *want_type);

#endif
