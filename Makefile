# tpchgen-c - plain Makefile. `make` builds build/tpchgen and build/libtpch.a;
# `make install PREFIX=...` installs libtpchgen.a, libtpchgen.so, the headers,
# tpchgen.pc and the CLI.
# `make run` and `make test` also install missing Debian/npm packages first.

CC      ?= gcc
VERSION := 0.1.0
GIT_HASH := $(shell git rev-parse --short=10 HEAD 2>/dev/null || echo unknown)
OPT     ?= -O2
WARN    := -Wall -Wextra -Werror
CPPFLAGS := -Iinclude -Isrc -D_GNU_SOURCE -DTPCH_VERSION=\"$(VERSION)\" -DTPCH_BUILD_HASH=\"$(GIT_HASH)\"
CFLAGS  ?= $(OPT) -g
CFLAGS  += -std=c11 $(WARN) -pthread -MMD -MP
LDLIBS  := -lzstd -llz4 -lsnappy -lz -lpthread -lm

# Build directory (override to keep several builds apart: make B=/tmp/b).
B ?= build

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC := $(sort $(wildcard src/common/*.c src/arrow/*.c src/io/*.c src/gen/*.c src/tpcds/*.c src/format/*/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/c/test_*.c))
TEST_SUPPORT := $(sort $(wildcard tests/c/support/*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(B)/obj/%.o)
SUP_OBJ := $(TEST_SUPPORT:%.c=$(B)/obj/%.o)
TEST_BIN := $(TEST_SRC:tests/c/%.c=$(B)/tests/%)

# Objects that print the version or build hash are rebuilt when either
# changes (a stamp file named after both), so created_by never goes stale.
VERSION_USERS := $(shell grep -l 'TPCH_VERSION\|TPCH_BUILD_HASH' $(LIB_SRC) $(CLI_SRC) 2>/dev/null)
VERSION_STAMP := $(B)/version-$(VERSION)-$(GIT_HASH).stamp

ASAN_LIB_OBJ := $(LIB_SRC:%.c=$(B)/asan/obj/%.o)
ASAN_CLI_OBJ := $(CLI_SRC:%.c=$(B)/asan/obj/%.o)
ASAN_SUP_OBJ := $(TEST_SUPPORT:%.c=$(B)/asan/obj/%.o)
ASAN_TEST_BIN := $(TEST_SRC:tests/c/%.c=$(B)/asan/tests/%)

.PHONY: all deps test-deps run test test-sf1 test-cluster bench asan tests clean format lint install shared fuzz fuzzers

all: $(B)/tpchgen $(B)/libtpch.a

$(B)/libtpch.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(B)/tpchgen: $(CLI_OBJ) $(B)/libtpch.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(B)/libtpch.a $(LDLIBS)

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/c $(CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/c/%.c $(SUP_OBJ) $(B)/libtpch.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/c $(CFLAGS) -o $@ $< $(SUP_OBJ) $(B)/libtpch.a $(LDLIBS)

# ASan + UBSan build of the library, the CLI and every C test.
$(B)/asan/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/c $(filter-out -O2,$(CFLAGS)) $(SAN_FLAGS) -c -o $@ $<

$(B)/asan/libtpch.a: $(ASAN_LIB_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(B)/asan/tpchgen: $(ASAN_CLI_OBJ) $(B)/asan/libtpch.a
	$(CC) $(filter-out -O2,$(CFLAGS)) $(SAN_FLAGS) -o $@ $(ASAN_CLI_OBJ) $(B)/asan/libtpch.a $(LDLIBS)

$(B)/asan/tests/%: tests/c/%.c $(ASAN_SUP_OBJ) $(B)/asan/libtpch.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/c $(filter-out -O2,$(CFLAGS)) $(SAN_FLAGS) -o $@ $< $(ASAN_SUP_OBJ) $(B)/asan/libtpch.a $(LDLIBS)

$(VERSION_STAMP):
	@mkdir -p $(@D)
	@rm -f $(B)/version-*.stamp
	@touch $@

$(VERSION_USERS:%.c=$(B)/obj/%.o) $(VERSION_USERS:%.c=$(B)/asan/obj/%.o) $(VERSION_USERS:%.c=$(B)/pic/obj/%.o) $(VERSION_USERS:%.c=$(B)/fuzz/obj/%.o): $(VERSION_STAMP)

# ---- the installable library --------------------------------------------
# Position-independent objects with only the public API visible (the public
# headers mark it with #pragma GCC visibility), for libtpchgen.so and the
# installed libtpchgen.a.
PREFIX ?= /usr/local
SO_MAJOR := 0
SO_NAME := libtpchgen.so.$(SO_MAJOR)
PUBLIC_HEADERS := $(sort $(wildcard include/*.h))
PIC_LIB_OBJ := $(LIB_SRC:%.c=$(B)/pic/obj/%.o)

$(B)/pic/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

$(B)/pic/libtpchgen.a: $(PIC_LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/pic/libtpchgen.so.$(VERSION): $(PIC_LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SO_NAME) -Wl,--no-undefined -o $@ $^ $(LDLIBS)

shared: $(B)/pic/libtpchgen.a $(B)/pic/libtpchgen.so.$(VERSION)

install: shared $(B)/tpchgen
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/tpchgen
	install -m 755 $(B)/tpchgen $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(B)/pic/libtpchgen.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/pic/libtpchgen.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libtpchgen.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SO_NAME)
	ln -sf $(SO_NAME) $(DESTDIR)$(PREFIX)/lib/libtpchgen.so
	install -m 644 $(PUBLIC_HEADERS) $(DESTDIR)$(PREFIX)/include/tpchgen/
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
	  'Name: tpchgen' 'Description: TPC-H data generator with Parquet, ORC, Lance and Iceberg writers' \
	  'Version: $(VERSION)' 'Cflags: -I$${includedir}/tpchgen' 'Libs: -L$${libdir} -ltpchgen' \
	  'Libs.private: $(LDLIBS) -lstdc++' > $(DESTDIR)$(PREFIX)/lib/pkgconfig/tpchgen.pc

# ---- fuzzers (clang's libFuzzer, with ASan + UBSan) --------------------------
# `make fuzz` runs each for FUZZ_SECONDS; make test runs them briefly
# (tests/sh/07_fuzz.sh).
FUZZ_CC ?= $(shell command -v clang 2>/dev/null || command -v clang-14 2>/dev/null || echo clang)
FUZZ_SECONDS ?= 300
FUZZ_FLAGS := -g -O1 -std=c11 -Wall -Wextra -pthread -fno-sanitize-recover=all
FUZZ_LIB_OBJ := $(filter-out $(B)/fuzz/obj/src/tpcds/%,$(LIB_SRC:%.c=$(B)/fuzz/obj/%.o))
FUZZERS := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

$(B)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_LIB_OBJ) $(LDLIBS)

fuzzers: $(FUZZERS)

.SECONDARY: $(FUZZ_LIB_OBJ)

fuzz: fuzzers
	@B=$(B) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$${FUZZ_SEED:-0} tests/fuzz/run.sh

tests: $(TEST_BIN) $(B)/tests/faultfs.so

# The fault-injection library of the commit tests (LD_PRELOAD; test-only).
$(B)/tests/faultfs.so: tests/fault/faultfs.c
	@mkdir -p $(@D)
	$(CC) -D_GNU_SOURCE $(CFLAGS) -fPIC -shared -o $@ $< -ldl
asan: $(B)/asan/tpchgen $(ASAN_TEST_BIN)

deps:
	@scripts/install-deps.sh

test-deps: deps
	@scripts/install-deps.sh --npm

# The default data set: SF 1, every table, in every format, replacing the
# previous data/sf1 (removed first: Lance and Iceberg keep old versions, and
# Iceberg metadata names its absolute location, so it is not moved into place).
RUN_FORMATS ?= tbl,parquet,lance,iceberg,orc
run: deps
	@$(MAKE) --no-print-directory all
	rm -rf data/sf1
	$(B)/tpchgen -s 1 -f $(RUN_FORMATS) -o data/sf1

test: test-deps
	@$(MAKE) --no-print-directory all tests asan
	@B=$(B) tests/run.sh

test-sf1: test-deps
	@$(MAKE) --no-print-directory all
	@B=$(B) tests/run.sh --sf1

# A one-node Slurm cluster on localhost runs docs/distributed.md's job-array
# recipe (tests/sh/85_slurm_cluster.sh; installs slurm-wlm and munge first).
# make test runs the same test when Slurm is installed (its set-up installs
# it); here a missing Slurm is a failure, not a skip.
test-cluster: test-deps
	@scripts/install-deps.sh --cluster
	@$(MAKE) --no-print-directory all
	@B=$(B) TPCH_REQUIRE_SLURM=1 tests/run.sh 85_slurm_cluster

bench: test-deps
	@scripts/install-deps.sh --bench
	@$(MAKE) --no-print-directory all
	@B=$(B) bench/run.sh

format:
	scripts/format.sh

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(SUP_OBJ:.o=.d) $(ASAN_LIB_OBJ:.o=.d) $(ASAN_CLI_OBJ:.o=.d) $(PIC_LIB_OBJ:.o=.d)
