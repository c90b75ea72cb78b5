# tpchgen-c - plain Makefile. `make` builds build/tpchgen and build/libtpch.a.
# `make run` and `make test` also install missing Debian/npm packages first.

CC      ?= gcc
VERSION := 0.1.0
GIT_HASH := $(shell git rev-parse --short=10 HEAD 2>/dev/null || echo unknown)
OPT     ?= -O2
WARN    := -Wall -Wextra -Werror
CPPFLAGS := -Iinclude -Isrc -D_GNU_SOURCE -DTPCH_VERSION=\"$(VERSION)\" -DTPCH_BUILD_HASH=\"$(GIT_HASH)\"
CFLAGS  ?= $(OPT) -g
CFLAGS  += -std=c11 $(WARN) -pthread -MMD -MP
LDLIBS  := -lzstd -lsnappy -lpthread -lm

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC := $(sort $(wildcard src/common/*.c src/arrow/*.c src/io/*.c src/gen/*.c src/format/*/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/c/test_*.c))
TEST_SUPPORT := $(sort $(wildcard tests/c/support/*.c))

LIB_OBJ := $(LIB_SRC:%.c=build/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=build/obj/%.o)
SUP_OBJ := $(TEST_SUPPORT:%.c=build/obj/%.o)
TEST_BIN := $(TEST_SRC:tests/c/%.c=build/tests/%)

ASAN_LIB_OBJ := $(LIB_SRC:%.c=build/asan/obj/%.o)
ASAN_CLI_OBJ := $(CLI_SRC:%.c=build/asan/obj/%.o)
ASAN_SUP_OBJ := $(TEST_SUPPORT:%.c=build/asan/obj/%.o)
ASAN_TEST_BIN := $(TEST_SRC:tests/c/%.c=build/asan/tests/%)

.PHONY: all deps test-deps run test test-sf1 bench asan tests clean format lint

all: build/tpchgen build/libtpch.a

build/libtpch.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

build/tpchgen: $(CLI_OBJ) build/libtpch.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) build/libtpch.a $(LDLIBS)

build/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/c $(CFLAGS) -c -o $@ $<

build/tests/%: tests/c/%.c $(SUP_OBJ) build/libtpch.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/c $(CFLAGS) -o $@ $< $(SUP_OBJ) build/libtpch.a $(LDLIBS)

# ASan + UBSan build of the library, the CLI and every C test.
build/asan/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/c $(filter-out -O2,$(CFLAGS)) $(SAN_FLAGS) -c -o $@ $<

build/asan/libtpch.a: $(ASAN_LIB_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

build/asan/tpchgen: $(ASAN_CLI_OBJ) build/asan/libtpch.a
	$(CC) $(filter-out -O2,$(CFLAGS)) $(SAN_FLAGS) -o $@ $(ASAN_CLI_OBJ) build/asan/libtpch.a $(LDLIBS)

build/asan/tests/%: tests/c/%.c $(ASAN_SUP_OBJ) build/asan/libtpch.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/c $(filter-out -O2,$(CFLAGS)) $(SAN_FLAGS) -o $@ $< $(ASAN_SUP_OBJ) build/asan/libtpch.a $(LDLIBS)

tests: $(TEST_BIN)
asan: build/asan/tpchgen $(ASAN_TEST_BIN)

deps:
	@scripts/install-deps.sh

test-deps: deps
	@scripts/install-deps.sh --npm

# The default data set: SF 1, every table, every format we write.
run: deps
	@$(MAKE) --no-print-directory all
	build/tpchgen -s 1 -o data/sf1 --overwrite

test: test-deps
	@$(MAKE) --no-print-directory all tests asan
	@tests/run.sh

test-sf1: test-deps
	@$(MAKE) --no-print-directory all
	@tests/run.sh --sf1

bench: test-deps
	@$(MAKE) --no-print-directory all
	@bench/run.sh

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(TEST_SRC) include/*.h src/*/*.h src/format/*/*.h

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(SUP_OBJ:.o=.d) $(ASAN_LIB_OBJ:.o=.d) $(ASAN_CLI_OBJ:.o=.d)
