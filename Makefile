# zeimu — PGXS build.  The version lives in zeimu.control only.
EXTENSION   = zeimu
EXTVERSION  = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)
PG_CONFIG  ?= /usr/lib/postgresql/15/bin/pg_config

MODULE_big  = $(EXTENSION)
OBJS        = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))
DATA_built  = $(EXTENSION)--$(EXTVERSION).sql
DATA        = $(wildcard $(EXTENSION)--*--*.sql)
REGRESS     = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --load-extension=pgcrypto --load-extension=$(EXTENSION)
ISOLATION   = $(patsubst specs/%.spec,%,$(sort $(wildcard specs/*.spec)))
ISOLATION_OPTS = --load-extension=pgcrypto --load-extension=$(EXTENSION)
EXTRA_CLEAN = $(EXTENSION)--$(EXTVERSION).sql results regression.diffs regression.out
PG_CPPFLAGS = -I$(srcdir)/src
SQL_SOURCES = $(sort $(wildcard src/sql/*.sql))

# Debian's server-dev package pulls in clang for JIT bitcode; we do not need it.
override with_llvm = no

.PHONY: test demo bench bootstrap

# The PGXS rules exist only once postgresql-server-dev-15 is installed; the
# wrapper targets below install it first, then call make again.
ifneq ($(wildcard $(PG_CONFIG)),)
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
endif

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_SOURCES) $(EXTENSION).control Makefile
	@printf '%s\n' '-- generated from src/sql/*.sql by make; do not edit' \
		'\echo Use "CREATE EXTENSION $(EXTENSION)" to load this file. \quit' > $@.tmp
	cat $(SQL_SOURCES) >> $@.tmp
	mv $@.tmp $@

bootstrap:
	scripts/bootstrap

test: bootstrap
	$(MAKE) all
	scripts/run-tests

demo: bootstrap
	$(MAKE) all
	scripts/demo

bench: bootstrap
	$(MAKE) all
	scripts/run-bench
