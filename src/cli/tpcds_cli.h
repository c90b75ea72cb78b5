/* tpcds_cli.h - the `tpchgen tpcds` subcommand. */
#ifndef TPCH_TPCDS_CLI_H
#define TPCH_TPCDS_CLI_H

/* Runs `tpchgen tpcds ARGS` (argv[0] is "tpcds"). Returns the exit status:
 * 0 done, 1 a table failed, 2 bad command line. Prints errors to stderr. */
int tpcds_cli_main(int argc, char **argv);

#endif
