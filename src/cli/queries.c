/*
 * queries.c - `tpchgen queries`: the 22 TPC-H queries of one query stream,
 * in the order and with the substitution values qgen 2.14 chooses for the
 * same scale factor, seed and stream (qgen's -s, -r, -p, -d), as SQL that
 * DuckDB runs as printed; --params prints qgen's parameter log (-l) instead.
 *
 * qgen's rules (facts from its source; the query texts are written from the
 * TPC-H specification): query q draws from its own Park-Miller stream, whose
 * seed is the seed S stepped q times; values are uniform draws and weighted
 * picks from dists.dss lists exactly as in data generation; stream N runs the
 * queries in row N mod 41 of the specification's permutation table
 * (Appendix A); without --stream they run 1..22. The values do not depend on
 * the order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen/dists.h"
#include "gen/rng.h"
#include "subcommands.h"

#define NQ 22
#define MAXP 10

/* The query order of stream N (TPC-H specification, Appendix A). */
static const unsigned char stream_order[41][NQ] = {
    {14, 2, 9, 20, 6, 17, 18, 8, 21, 13, 3, 22, 16, 4, 11, 15, 1, 10, 19, 5, 7, 12},
    {21, 3, 18, 5, 11, 7, 6, 20, 17, 12, 16, 15, 13, 10, 2, 8, 14, 19, 9, 22, 1, 4},
    {6, 17, 14, 16, 19, 10, 9, 2, 15, 8, 5, 22, 12, 7, 13, 18, 1, 4, 20, 3, 11, 21},
    {8, 5, 4, 6, 17, 7, 1, 18, 22, 14, 9, 10, 15, 11, 20, 2, 21, 19, 13, 16, 12, 3},
    {5, 21, 14, 19, 15, 17, 12, 6, 4, 9, 8, 16, 11, 2, 10, 18, 1, 13, 7, 22, 3, 20},
    {21, 15, 4, 6, 7, 16, 19, 18, 14, 22, 11, 13, 3, 1, 2, 5, 8, 20, 12, 17, 10, 9},
    {10, 3, 15, 13, 6, 8, 9, 7, 4, 11, 22, 18, 12, 1, 5, 16, 2, 14, 19, 20, 17, 21},
    {18, 8, 20, 21, 2, 4, 22, 17, 1, 11, 9, 19, 3, 13, 5, 7, 10, 16, 6, 14, 15, 12},
    {19, 1, 15, 17, 5, 8, 9, 12, 14, 7, 4, 3, 20, 16, 6, 22, 10, 13, 2, 21, 18, 11},
    {8, 13, 2, 20, 17, 3, 6, 21, 18, 11, 19, 10, 15, 4, 22, 1, 7, 12, 9, 14, 5, 16},
    {6, 15, 18, 17, 12, 1, 7, 2, 22, 13, 21, 10, 14, 9, 3, 16, 20, 19, 11, 4, 8, 5},
    {15, 14, 18, 17, 10, 20, 16, 11, 1, 8, 4, 22, 5, 12, 3, 9, 21, 2, 13, 6, 19, 7},
    {1, 7, 16, 17, 18, 22, 12, 6, 8, 9, 11, 4, 2, 5, 20, 21, 13, 10, 19, 3, 14, 15},
    {21, 17, 7, 3, 1, 10, 12, 22, 9, 16, 6, 11, 2, 4, 5, 14, 8, 20, 13, 18, 15, 19},
    {2, 9, 5, 4, 18, 1, 20, 15, 16, 17, 7, 21, 13, 14, 19, 8, 22, 11, 10, 3, 12, 6},
    {16, 9, 17, 8, 14, 11, 10, 12, 6, 21, 7, 3, 15, 5, 22, 20, 1, 13, 19, 2, 4, 18},
    {1, 3, 6, 5, 2, 16, 14, 22, 17, 20, 4, 9, 10, 11, 15, 8, 12, 19, 18, 13, 7, 21},
    {3, 16, 5, 11, 21, 9, 2, 15, 10, 18, 17, 7, 8, 19, 14, 13, 1, 4, 22, 20, 6, 12},
    {14, 4, 13, 5, 21, 11, 8, 6, 3, 17, 2, 20, 1, 19, 10, 9, 12, 18, 15, 7, 22, 16},
    {4, 12, 22, 14, 5, 15, 16, 2, 8, 10, 17, 9, 21, 7, 3, 6, 13, 18, 11, 20, 19, 1},
    {16, 15, 14, 13, 4, 22, 18, 19, 7, 1, 12, 17, 5, 10, 20, 3, 9, 21, 11, 2, 6, 8},
    {20, 14, 21, 12, 15, 17, 4, 19, 13, 10, 11, 1, 16, 5, 18, 7, 8, 22, 9, 6, 3, 2},
    {16, 14, 13, 2, 21, 10, 11, 4, 1, 22, 18, 12, 19, 5, 7, 8, 6, 3, 15, 20, 9, 17},
    {18, 15, 9, 14, 12, 2, 8, 11, 22, 21, 16, 1, 6, 17, 5, 10, 19, 4, 20, 13, 3, 7},
    {7, 3, 10, 14, 13, 21, 18, 6, 20, 4, 9, 8, 22, 15, 2, 1, 5, 12, 19, 17, 11, 16},
    {18, 1, 13, 7, 16, 10, 14, 2, 19, 5, 21, 11, 22, 15, 8, 17, 20, 3, 4, 12, 6, 9},
    {13, 2, 22, 5, 11, 21, 20, 14, 7, 10, 4, 9, 19, 18, 6, 3, 1, 8, 15, 12, 17, 16},
    {14, 17, 21, 8, 2, 9, 6, 4, 5, 13, 22, 7, 15, 3, 1, 18, 16, 11, 10, 12, 20, 19},
    {10, 22, 1, 12, 13, 18, 21, 20, 2, 14, 16, 7, 15, 3, 4, 17, 5, 19, 6, 8, 9, 11},
    {10, 8, 9, 18, 12, 6, 1, 5, 20, 11, 17, 22, 16, 3, 13, 2, 15, 21, 14, 19, 7, 4},
    {7, 17, 22, 5, 3, 10, 13, 18, 9, 1, 14, 15, 21, 19, 16, 12, 8, 6, 11, 20, 4, 2},
    {2, 9, 21, 3, 4, 7, 1, 11, 16, 5, 20, 19, 18, 8, 17, 13, 10, 12, 15, 6, 14, 22},
    {15, 12, 8, 4, 22, 13, 16, 17, 18, 3, 7, 5, 6, 1, 9, 11, 21, 10, 14, 20, 19, 2},
    {15, 16, 2, 11, 17, 7, 5, 14, 20, 4, 21, 3, 10, 9, 12, 8, 13, 6, 18, 19, 22, 1},
    {1, 13, 11, 3, 4, 21, 6, 14, 15, 22, 18, 9, 7, 5, 10, 20, 12, 16, 17, 8, 19, 2},
    {14, 17, 22, 20, 8, 16, 5, 10, 1, 13, 2, 21, 12, 9, 4, 18, 3, 7, 6, 19, 15, 11},
    {9, 17, 7, 4, 5, 13, 21, 18, 11, 3, 22, 1, 6, 16, 20, 14, 15, 10, 8, 2, 12, 19},
    {13, 14, 5, 22, 19, 11, 9, 6, 18, 15, 8, 10, 7, 4, 17, 16, 3, 1, 12, 2, 21, 20},
    {20, 5, 4, 14, 11, 1, 6, 16, 8, 22, 7, 3, 2, 12, 21, 19, 17, 13, 10, 15, 18, 9},
    {3, 7, 14, 15, 6, 5, 21, 20, 18, 10, 4, 16, 19, 1, 13, 9, 8, 17, 11, 12, 22, 2},
    {13, 15, 17, 1, 22, 11, 3, 4, 7, 20, 14, 21, 9, 8, 2, 18, 16, 6, 10, 12, 5, 19}};

/* The specification's validation values (qgen -d), as qgen logs them. */
static const char *const defaults[NQ][MAXP] = {
    {"90"},
    {"15", "BRASS", "EUROPE"},
    {"BUILDING", "1995-03-15"},
    {"1993-07-01"},
    {"ASIA", "1994-01-01"},
    {"1994-01-01", ".06", "24"},
    {"FRANCE", "GERMANY"},
    {"BRAZIL", "AMERICA", "ECONOMY ANODIZED STEEL"},
    {"green"},
    {"1993-10-01"},
    {"GERMANY", "0.0001"},
    {"MAIL", "SHIP", "1994-01-01"},
    {"special", "requests"},
    {"1995-09-01"},
    {"1996-01-01"},
    {"Brand#45", "MEDIUM POLISHED", "49", "14", "23", "45", "19", "3", "36", "9"},
    {"Brand#23", "MED BOX"},
    {"300"},
    {"Brand#12", "Brand#23", "Brand#34", "1", "10", "20"},
    {"forest", "1994-01-01", "CANADA"},
    {"SAUDI ARABIA"},
    {"13", "31", "23", "29", "30", "18", "17"}};

/* The query texts, written from the TPC-H specification, DuckDB SQL; :N is
 * substitution parameter N. */
static const char *const texts[NQ] = {
    /* Q1 pricing summary report */
    "select l_returnflag, l_linestatus, sum(l_quantity) as sum_qty, sum(l_extendedprice) as sum_base_price,\n"
    "       sum(l_extendedprice * (1 - l_discount)) as sum_disc_price,\n"
    "       sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge, avg(l_quantity) as "
    "avg_qty,\n"
    "       avg(l_extendedprice) as avg_price, avg(l_discount) as avg_disc, count(*) as count_order\n"
    "from lineitem\n"
    "where l_shipdate <= date '1998-12-01' - interval :1 day\n"
    "group by l_returnflag, l_linestatus\n"
    "order by l_returnflag, l_linestatus;\n",
    /* Q2 minimum cost supplier */
    "select s_acctbal, s_name, n_name, p_partkey, p_mfgr, s_address, s_phone, s_comment\n"
    "from part, supplier, partsupp, nation, region\n"
    "where p_partkey = ps_partkey and s_suppkey = ps_suppkey and p_size = :1 and p_type like '%:2'\n"
    "  and s_nationkey = n_nationkey and n_regionkey = r_regionkey and r_name = ':3'\n"
    "  and ps_supplycost = (select min(ps_supplycost) from partsupp, supplier, nation, region\n"
    "                       where p_partkey = ps_partkey and s_suppkey = ps_suppkey\n"
    "                         and s_nationkey = n_nationkey and n_regionkey = r_regionkey and r_name = "
    "':3')\n"
    "order by s_acctbal desc, n_name, s_name, p_partkey\n"
    "limit 100;\n",
    /* Q3 shipping priority */
    "select l_orderkey, sum(l_extendedprice * (1 - l_discount)) as revenue, o_orderdate, o_shippriority\n"
    "from customer, orders, lineitem\n"
    "where c_mktsegment = ':1' and c_custkey = o_custkey and l_orderkey = o_orderkey\n"
    "  and o_orderdate < date ':2' and l_shipdate > date ':2'\n"
    "group by l_orderkey, o_orderdate, o_shippriority\n"
    "order by revenue desc, o_orderdate\n"
    "limit 10;\n",
    /* Q4 order priority checking */
    "select o_orderpriority, count(*) as order_count\n"
    "from orders\n"
    "where o_orderdate >= date ':1' and o_orderdate < date ':1' + interval 3 month\n"
    "  and exists (select * from lineitem where l_orderkey = o_orderkey and l_commitdate < l_receiptdate)\n"
    "group by o_orderpriority\n"
    "order by o_orderpriority;\n",
    /* Q5 local supplier volume */
    "select n_name, sum(l_extendedprice * (1 - l_discount)) as revenue\n"
    "from customer, orders, lineitem, supplier, nation, region\n"
    "where c_custkey = o_custkey and l_orderkey = o_orderkey and l_suppkey = s_suppkey\n"
    "  and c_nationkey = s_nationkey and s_nationkey = n_nationkey and n_regionkey = r_regionkey\n"
    "  and r_name = ':1' and o_orderdate >= date ':2' and o_orderdate < date ':2' + interval 1 year\n"
    "group by n_name\n"
    "order by revenue desc;\n",
    /* Q6 forecasting revenue change */
    "select sum(l_extendedprice * l_discount) as revenue\n"
    "from lineitem\n"
    "where l_shipdate >= date ':1' and l_shipdate < date ':1' + interval 1 year\n"
    "  and l_discount between :2 - 0.01 and :2 + 0.01 and l_quantity < :3;\n",
    /* Q7 volume shipping */
    "select supp_nation, cust_nation, l_year, sum(volume) as revenue\n"
    "from (select n1.n_name as supp_nation, n2.n_name as cust_nation, extract(year from l_shipdate) as "
    "l_year,\n"
    "             l_extendedprice * (1 - l_discount) as volume\n"
    "      from supplier, lineitem, orders, customer, nation n1, nation n2\n"
    "      where s_suppkey = l_suppkey and o_orderkey = l_orderkey and c_custkey = o_custkey\n"
    "        and s_nationkey = n1.n_nationkey and c_nationkey = n2.n_nationkey\n"
    "        and ((n1.n_name = ':1' and n2.n_name = ':2') or (n1.n_name = ':2' and n2.n_name = ':1'))\n"
    "        and l_shipdate between date '1995-01-01' and date '1996-12-31') as shipping\n"
    "group by supp_nation, cust_nation, l_year\n"
    "order by supp_nation, cust_nation, l_year;\n",
    /* Q8 national market share */
    "select o_year, sum(case when nation = ':1' then volume else 0 end) / sum(volume) as mkt_share\n"
    "from (select extract(year from o_orderdate) as o_year, l_extendedprice * (1 - l_discount) as volume,\n"
    "             n2.n_name as nation\n"
    "      from part, supplier, lineitem, orders, customer, nation n1, nation n2, region\n"
    "      where p_partkey = l_partkey and s_suppkey = l_suppkey and l_orderkey = o_orderkey\n"
    "        and o_custkey = c_custkey and c_nationkey = n1.n_nationkey and n1.n_regionkey = r_regionkey\n"
    "        and r_name = ':2' and s_nationkey = n2.n_nationkey\n"
    "        and o_orderdate between date '1995-01-01' and date '1996-12-31' and p_type = ':3') as "
    "all_nations\n"
    "group by o_year\n"
    "order by o_year;\n",
    /* Q9 product type profit measure */
    "select nation, o_year, sum(amount) as sum_profit\n"
    "from (select n_name as nation, extract(year from o_orderdate) as o_year,\n"
    "             l_extendedprice * (1 - l_discount) - ps_supplycost * l_quantity as amount\n"
    "      from part, supplier, lineitem, partsupp, orders, nation\n"
    "      where s_suppkey = l_suppkey and ps_suppkey = l_suppkey and ps_partkey = l_partkey\n"
    "        and p_partkey = l_partkey and o_orderkey = l_orderkey and s_nationkey = n_nationkey\n"
    "        and p_name like '%:1%') as profit\n"
    "group by nation, o_year\n"
    "order by nation, o_year desc;\n",
    /* Q10 returned item reporting */
    "select c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) as revenue, c_acctbal, n_name,\n"
    "       c_address, c_phone, c_comment\n"
    "from customer, orders, lineitem, nation\n"
    "where c_custkey = o_custkey and l_orderkey = o_orderkey\n"
    "  and o_orderdate >= date ':1' and o_orderdate < date ':1' + interval 3 month\n"
    "  and l_returnflag = 'R' and c_nationkey = n_nationkey\n"
    "group by c_custkey, c_name, c_acctbal, c_phone, n_name, c_address, c_comment\n"
    "order by revenue desc\n"
    "limit 20;\n",
    /* Q11 important stock identification */
    "select ps_partkey, sum(ps_supplycost * ps_availqty) as value\n"
    "from partsupp, supplier, nation\n"
    "where ps_suppkey = s_suppkey and s_nationkey = n_nationkey and n_name = ':1'\n"
    "group by ps_partkey\n"
    "having sum(ps_supplycost * ps_availqty) > (\n"
    "    select sum(ps_supplycost * ps_availqty) * :2\n"
    "    from partsupp, supplier, nation\n"
    "    where ps_suppkey = s_suppkey and s_nationkey = n_nationkey and n_name = ':1')\n"
    "order by value desc;\n",
    /* Q12 shipping modes and order priority */
    "select l_shipmode,\n"
    "       sum(case when o_orderpriority = '1-URGENT' or o_orderpriority = '2-HIGH' then 1 else 0 end)\n"
    "         as high_line_count,\n"
    "       sum(case when o_orderpriority <> '1-URGENT' and o_orderpriority <> '2-HIGH' then 1 else 0 end)\n"
    "         as low_line_count\n"
    "from orders, lineitem\n"
    "where o_orderkey = l_orderkey and l_shipmode in (':1', ':2') and l_commitdate < l_receiptdate\n"
    "  and l_shipdate < l_commitdate and l_receiptdate >= date ':3'\n"
    "  and l_receiptdate < date ':3' + interval 1 year\n"
    "group by l_shipmode\n"
    "order by l_shipmode;\n",
    /* Q13 customer distribution */
    "select c_count, count(*) as custdist\n"
    "from (select c_custkey, count(o_orderkey) as c_count\n"
    "      from customer left outer join orders on c_custkey = o_custkey and o_comment not like '%:1%:2%'\n"
    "      group by c_custkey) as c_orders\n"
    "group by c_count\n"
    "order by custdist desc, c_count desc;\n",
    /* Q14 promotion effect */
    "select 100.00 * sum(case when p_type like 'PROMO%' then l_extendedprice * (1 - l_discount) else 0 end)\n"
    "       / sum(l_extendedprice * (1 - l_discount)) as promo_revenue\n"
    "from lineitem, part\n"
    "where l_partkey = p_partkey and l_shipdate >= date ':1' and l_shipdate < date ':1' + interval 1 "
    "month;\n",
    /* Q15 top supplier (the revenue view as a common table expression) */
    "with revenue as (\n"
    "  select l_suppkey as supplier_no, sum(l_extendedprice * (1 - l_discount)) as total_revenue\n"
    "  from lineitem\n"
    "  where l_shipdate >= date ':1' and l_shipdate < date ':1' + interval 3 month\n"
    "  group by l_suppkey)\n"
    "select s_suppkey, s_name, s_address, s_phone, total_revenue\n"
    "from supplier, revenue\n"
    "where s_suppkey = supplier_no and total_revenue = (select max(total_revenue) from revenue)\n"
    "order by s_suppkey;\n",
    /* Q16 parts/supplier relationship */
    "select p_brand, p_type, p_size, count(distinct ps_suppkey) as supplier_cnt\n"
    "from partsupp, part\n"
    "where p_partkey = ps_partkey and p_brand <> ':1' and p_type not like ':2%'\n"
    "  and p_size in (:3, :4, :5, :6, :7, :8, :9, :10)\n"
    "  and ps_suppkey not in (select s_suppkey from supplier where s_comment like '%Customer%Complaints%')\n"
    "group by p_brand, p_type, p_size\n"
    "order by supplier_cnt desc, p_brand, p_type, p_size;\n",
    /* Q17 small-quantity-order revenue */
    "select sum(l_extendedprice) / 7.0 as avg_yearly\n"
    "from lineitem, part\n"
    "where p_partkey = l_partkey and p_brand = ':1' and p_container = ':2'\n"
    "  and l_quantity < (select 0.2 * avg(l_quantity) from lineitem where l_partkey = p_partkey);\n",
    /* Q18 large volume customer */
    "select c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice, sum(l_quantity)\n"
    "from customer, orders, lineitem\n"
    "where o_orderkey in (select l_orderkey from lineitem group by l_orderkey having sum(l_quantity) > :1)\n"
    "  and c_custkey = o_custkey and o_orderkey = l_orderkey\n"
    "group by c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice\n"
    "order by o_totalprice desc, o_orderdate\n"
    "limit 100;\n",
    /* Q19 discounted revenue */
    "select sum(l_extendedprice * (1 - l_discount)) as revenue\n"
    "from lineitem, part\n"
    "where (p_partkey = l_partkey and p_brand = ':1'\n"
    "       and p_container in ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG')\n"
    "       and l_quantity >= :4 and l_quantity <= :4 + 10 and p_size between 1 and 5\n"
    "       and l_shipmode in ('AIR', 'AIR REG') and l_shipinstruct = 'DELIVER IN PERSON')\n"
    "   or (p_partkey = l_partkey and p_brand = ':2'\n"
    "       and p_container in ('MED BAG', 'MED BOX', 'MED PKG', 'MED PACK')\n"
    "       and l_quantity >= :5 and l_quantity <= :5 + 10 and p_size between 1 and 10\n"
    "       and l_shipmode in ('AIR', 'AIR REG') and l_shipinstruct = 'DELIVER IN PERSON')\n"
    "   or (p_partkey = l_partkey and p_brand = ':3'\n"
    "       and p_container in ('LG CASE', 'LG BOX', 'LG PACK', 'LG PKG')\n"
    "       and l_quantity >= :6 and l_quantity <= :6 + 10 and p_size between 1 and 15\n"
    "       and l_shipmode in ('AIR', 'AIR REG') and l_shipinstruct = 'DELIVER IN PERSON');\n",
    /* Q20 potential part promotion */
    "select s_name, s_address\n"
    "from supplier, nation\n"
    "where s_suppkey in (\n"
    "        select ps_suppkey from partsupp\n"
    "        where ps_partkey in (select p_partkey from part where p_name like ':1%')\n"
    "          and ps_availqty > (select 0.5 * sum(l_quantity) from lineitem\n"
    "                             where l_partkey = ps_partkey and l_suppkey = ps_suppkey\n"
    "                               and l_shipdate >= date ':2' and l_shipdate < date ':2' + interval 1 "
    "year))\n"
    "  and s_nationkey = n_nationkey and n_name = ':3'\n"
    "order by s_name;\n",
    /* Q21 suppliers who kept orders waiting */
    "select s_name, count(*) as numwait\n"
    "from supplier, lineitem l1, orders, nation\n"
    "where s_suppkey = l1.l_suppkey and o_orderkey = l1.l_orderkey and o_orderstatus = 'F'\n"
    "  and l1.l_receiptdate > l1.l_commitdate\n"
    "  and exists (select * from lineitem l2 where l2.l_orderkey = l1.l_orderkey and l2.l_suppkey <> "
    "l1.l_suppkey)\n"
    "  and not exists (select * from lineitem l3\n"
    "                  where l3.l_orderkey = l1.l_orderkey and l3.l_suppkey <> l1.l_suppkey\n"
    "                    and l3.l_receiptdate > l3.l_commitdate)\n"
    "  and s_nationkey = n_nationkey and n_name = ':1'\n"
    "group by s_name\n"
    "order by numwait desc, s_name\n"
    "limit 100;\n",
    /* Q22 global sales opportunity */
    "select cntrycode, count(*) as numcust, sum(c_acctbal) as totacctbal\n"
    "from (select substring(c_phone, 1, 2) as cntrycode, c_acctbal\n"
    "      from customer\n"
    "      where substring(c_phone, 1, 2) in (':1', ':2', ':3', ':4', ':5', ':6', ':7')\n"
    "        and c_acctbal > (select avg(c_acctbal) from customer\n"
    "                         where c_acctbal > 0.00\n"
    "                           and substring(c_phone, 1, 2) in (':1', ':2', ':3', ':4', ':5', ':6', ':7'))\n"
    "        and not exists (select * from orders where o_custkey = c_custkey)) as custsale\n"
    "group by cntrycode\n"
    "order by cntrycode;\n"};

static const char *const q13a[4] = {"special", "pending", "unusual", "express"};     /* weight 20 each */
static const char *const q13b[4] = {"packages", "requests", "accounts", "deposits"}; /* weight 40 each */

typedef struct params {
  char v[MAXP + 1][64]; /* v[1..n] */
  int n;
} params;

/* qgen's pick_str on a list of equal weights w: U(1, n * w), first entry
 * whose cumulative weight reaches it. */
static int pick(int64_t *s, int n, int w) {
  int64_t j = tpch_rng_uniform(s, 1, (int64_t)n * w);
  return (int)((j - 1) / w);
}

/* qgen's permute(): for i = 0..n-1 swap a[i] with a[U(i, n-1)]. */
static void permute(long *a, int n, int64_t *s) {
  for (int i = 0; i < n; i++) {
    int64_t k = tpch_rng_uniform(s, i, n - 1);
    long t = a[k];
    a[k] = a[i];
    a[i] = t;
  }
}

/* "YYYY-MM-DD" of 1992-01-01 + d days (d >= 0). */
static void day_text(char *out, size_t cap, int d) {
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y = 1992, m = 0;
  for (;;) {
    int len = (y % 4 == 0) ? 366 : 365;
    if (d < len) break;
    d -= len;
    y++;
  }
  for (;;) {
    int len = mdays[m] + (m == 1 && y % 4 == 0);
    if (d < len) break;
    d -= len;
    m++;
  }
  snprintf(out, cap, "%04d-%02d-%02d", y, m + 1, d + 1);
}

static void set(params *p, int i, const char *fmt, long a, long b) {
  snprintf(p->v[i], sizeof p->v[i], fmt, a, b);
  if (i > p->n) p->n = i;
}

static void set_str(params *p, int i, const char *s) {
  snprintf(p->v[i], sizeof p->v[i], "%s", s);
  if (i > p->n) p->n = i;
}

/* The values qgen draws for query q (its varsub()), on stream *s. */
static void draw(int q, int64_t *s, double sf, params *p) {
  char buf[64];
  long t, u;
  int k, k2;
  static long sizes[50], ccode[25];
  memset(p, 0, sizeof *p);
  switch (q) {
  case 1: set(p, 1, "%ld", (long)tpch_rng_uniform(s, 60, 120), 0); break;
  case 2: {
    set(p, 1, "%ld", (long)tpch_rng_uniform(s, 1, 50), 0);
    const char *type = tpch_p_types[pick(s, 150, 1)];
    set_str(p, 2, strrchr(type, ' ') + 1); /* the last word */
    set_str(p, 3, tpch_region_names[pick(s, 5, 1)]);
    break;
  }
  case 3:
    set_str(p, 1, tpch_segments[pick(s, 5, 1)]);
    day_text(buf, sizeof buf, 1155 + (int)tpch_rng_uniform(s, 0, 30)); /* 1995-03-01 .. 03-31 */
    set_str(p, 2, buf);
    break;
  case 4:
  case 10:
  case 14:
  case 15:
    t = (long)tpch_rng_uniform(s, q == 14 || q == 15 ? 0 : 1, q == 4 ? 58 : q == 10 ? 24 : q == 14 ? 59 : 57);
    set(p, 1, "19%02ld-%02ld-01", 93 + t / 12, t % 12 + 1);
    break;
  case 5:
    set_str(p, 1, tpch_region_names[pick(s, 5, 1)]);
    set(p, 2, "19%02ld-01-01", (long)tpch_rng_uniform(s, 93, 97), 0);
    break;
  case 6:
    set(p, 1, "19%02ld-01-01", (long)tpch_rng_uniform(s, 93, 97), 0);
    set(p, 2, "0.%02ld", (long)tpch_rng_uniform(s, 2, 9), 0);
    set(p, 3, "%ld", (long)tpch_rng_uniform(s, 24, 25), 0);
    break;
  case 7:
    k = pick(s, 25, 1);
    while ((k2 = pick(s, 25, 1)) == k) {
    }
    set_str(p, 1, tpch_nation_names[k]);
    set_str(p, 2, tpch_nation_names[k2]);
    break;
  case 8:
    k = pick(s, 25, 1);
    set_str(p, 1, tpch_nation_names[k]);
    set_str(p, 2, tpch_region_names[tpch_nation_region[k]]);
    set_str(p, 3, tpch_p_types[pick(s, 150, 1)]);
    break;
  case 9: set_str(p, 1, tpch_colors[pick(s, 92, 1)]); break;
  case 11:
    set_str(p, 1, tpch_nation_names[pick(s, 25, 1)]);
    snprintf(p->v[2], sizeof p->v[2], "%11.10f", 0.0001 / sf);
    p->n = 2;
    break;
  case 12:
    k = pick(s, 7, 1);
    while ((k2 = pick(s, 7, 1)) == k) {
    }
    set_str(p, 1, tpch_ship_modes[k]);
    set_str(p, 2, tpch_ship_modes[k2]);
    set(p, 3, "19%02ld-01-01", (long)tpch_rng_uniform(s, 93, 97), 0);
    break;
  case 13:
    set_str(p, 1, q13a[pick(s, 4, 20)]);
    set_str(p, 2, q13b[pick(s, 4, 40)]);
    break;
  case 16: {
    t = (long)tpch_rng_uniform(s, 1, 5);
    u = (long)tpch_rng_uniform(s, 1, 5);
    set(p, 1, "Brand#%ld%ld", t, u);
    snprintf(buf, sizeof buf, "%s", tpch_p_types[pick(s, 150, 1)]);
    *strrchr(buf, ' ') = '\0'; /* all but the last word */
    set_str(p, 2, buf);
    for (int i = 0; i < 50; i++)
      sizes[i] = i + 1;
    permute(sizes, 50, s);
    for (int i = 3; i <= MAXP; i++)
      set(p, i, "%ld", sizes[i - 3], 0);
    break;
  }
  case 17:
    t = (long)tpch_rng_uniform(s, 1, 5);
    u = (long)tpch_rng_uniform(s, 1, 5);
    set(p, 1, "Brand#%ld%ld", t, u);
    set_str(p, 2, tpch_p_containers[pick(s, 40, 1)]);
    break;
  case 18: set(p, 1, "%ld", (long)tpch_rng_uniform(s, 312, 315), 0); break;
  case 19:
    for (int i = 1; i <= 3; i++) {
      t = (long)tpch_rng_uniform(s, 1, 5);
      u = (long)tpch_rng_uniform(s, 1, 5);
      set(p, i, "Brand#%ld%ld", t, u);
    }
    set(p, 4, "%ld", (long)tpch_rng_uniform(s, 1, 10), 0);
    set(p, 5, "%ld", (long)tpch_rng_uniform(s, 10, 20), 0);
    set(p, 6, "%ld", (long)tpch_rng_uniform(s, 20, 30), 0);
    break;
  case 20:
    set_str(p, 1, tpch_colors[pick(s, 92, 1)]);
    set(p, 2, "19%02ld-01-01", (long)tpch_rng_uniform(s, 93, 97), 0);
    set_str(p, 3, tpch_nation_names[pick(s, 25, 1)]);
    break;
  case 21: set_str(p, 1, tpch_nation_names[pick(s, 25, 1)]); break;
  case 22:
    /* qgen starts from the codes 10..34 and prints 10 + code: values 20..44 */
    for (int i = 0; i < 25; i++)
      ccode[i] = 10 + i;
    permute(ccode, 25, s);
    for (int i = 0; i < 7; i++)
      set(p, i + 1, "%ld", 10 + ccode[i], 0);
    break;
  default: break;
  }
}

/* Writes text with every :N replaced by v[N]. */
static void substitute(FILE *f, const char *text, const params *p) {
  for (const char *c = text; *c; c++) {
    if (c[0] == ':' && c[1] >= '1' && c[1] <= '9') {
      int n = c[1] - '0';
      if (n == 1 && c[2] == '0') {
        n = 10;
        c++;
      }
      fputs(p->v[n], f);
      c++;
    } else {
      fputc(*c, f);
    }
  }
}

static int qerr(const char *fmt, const char *arg) {
  fprintf(stderr, "tpchgen: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (see tpchgen queries --help)\n");
  return 2;
}

static void queries_usage(void) {
  printf("Usage: tpchgen queries [-s SF] [--stream N] [--seed S | --defaults] [--params]\n"
         "\n"
         "Prints the 22 TPC-H queries of one query stream as SQL that DuckDB runs as\n"
         "printed, in qgen 2.14's order and with the substitution values qgen chooses:\n"
         "  -s, --scale-factor SF  the data's scale factor (default 1; only Q11's\n"
         "                         FRACTION depends on it: 0.0001 / SF)\n"
         "      --stream N         the query order of stream N (qgen -p N; N mod 41 is\n"
         "                         the row of the specification's permutation table);\n"
         "                         without it the queries run 1..22\n"
         "      --seed S           the random seed, 1..2147483646 (qgen -r S); default:\n"
         "                         the current time, as qgen does; printed in the header\n"
         "      --defaults         the specification's validation values (qgen -d)\n"
         "      --params           print qgen's parameter log (qgen -l) instead: one line\n"
         "                         per query, its number and values, tab-separated\n");
}

int queries_main(int argc, char **argv) {
  const char *sf_text = "1";
  long stream = -1, seed = 0;
  int dflt = 0, log = 0, have_seed = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    int needs = strcmp(a, "-s") == 0 || strcmp(a, "--scale-factor") == 0 || strcmp(a, "--stream") == 0 ||
                strcmp(a, "--seed") == 0;
    if (needs && i + 1 >= argc) return qerr("option '%s' needs a value", a);
    char *end;
    if (strcmp(a, "-s") == 0 || strcmp(a, "--scale-factor") == 0) {
      sf_text = argv[++i];
    } else if (strcmp(a, "--stream") == 0) {
      stream = strtol(argv[++i], &end, 10);
      if (*end || end == argv[i] || stream < 0 || stream > 1000000)
        return qerr("--stream takes a number from 0 to 1000000, not '%s'", argv[i]);
    } else if (strcmp(a, "--seed") == 0) {
      seed = strtol(argv[++i], &end, 10);
      if (*end || end == argv[i] || seed < 1 || seed > 2147483646)
        return qerr("--seed takes a number from 1 to 2147483646, not '%s'", argv[i]);
      have_seed = 1;
    } else if (strcmp(a, "--defaults") == 0) {
      dflt = 1;
    } else if (strcmp(a, "--params") == 0) {
      log = 1;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      queries_usage();
      return 0;
    } else {
      return qerr("unknown option '%s'", a);
    }
  }
  if (dflt && have_seed) return qerr("%s", "--defaults and --seed contradict each other");
  tpch_scale sc;
  tpch_error err;
  if (tpch_scale_parse(sf_text, &sc, &err) != TPCH_OK) return qerr("%s", err.message);
  double sf = strtod(sf_text, NULL); /* qgen's atof */
  if (!dflt && !have_seed) seed = (long)((unsigned)time(NULL) % 2147483646u) + 1;
  /* query q's stream: the seed stepped q times */
  int64_t streams[NQ + 1];
  int64_t s0 = seed;
  for (int q = 1; q <= NQ; q++)
    streams[q] = tpch_rng_skip(s0, q);
  if (!log) {
    if (dflt)
      printf("-- TPC-H query stream: the specification's default substitutions, SF %s\n", sf_text);
    else
      printf("-- TPC-H query stream: seed %ld, SF %s (qgen -r %ld -s %s)\n", seed, sf_text, seed, sf_text);
    if (stream >= 0)
      printf("-- stream %ld: the queries in row %ld of the permutation table\n", stream, stream % 41);
  }
  for (int i = 0; i < NQ; i++) {
    int q = stream >= 0 ? stream_order[stream % 41][i] : i + 1;
    params p, logp;
    if (dflt) {
      memset(&p, 0, sizeof p);
      for (int k = 0; k < MAXP && defaults[q - 1][k]; k++)
        set_str(&p, k + 1, defaults[q - 1][k]);
      logp = p;
      if (q == 11) snprintf(p.v[2], sizeof p.v[2], "%11.10f", 0.0001 / sf); /* the text scales it */
    } else {
      draw(q, &streams[q], sf, &p);
      logp = p;
    }
    if (log) {
      printf("%d", q);
      for (int k = 1; k <= logp.n; k++)
        printf("\t%s", logp.v[k]);
      printf("\n");
    } else {
      printf("\n-- Q%d\n", q);
      substitute(stdout, texts[q - 1], &p);
    }
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "tpchgen: error: cannot write the queries\n");
    return 1;
  }
  return 0;
}
