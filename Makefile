# qbrt -- follow-through on Quarterly Business Reviews.
# `make` builds; `make demo` and `make check` first install what is missing.

PREFIX ?= /usr/local
VERSION = 0.1.0

CC ?= cc
PKGS = lua5.4 lua5.4-filesystem sqlite3 jansson gmime-3.0 libcmark-gfm
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra
CFLAGS += $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CPPFLAGS += -DQBRT_VERSION='"$(VERSION)"' -DQBRT_DATADIR='"$(PREFIX)/share/qbrt"'
LDLIBS += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm

SRC = $(wildcard src/*.c)
OBJ = $(SRC:src/%.c=build/%.o)
CORE_OBJ = $(filter-out build/main.o,$(OBJ))
UNIT_SRC = $(wildcard tests/unit/*.c)

all: qbrt

qbrt: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDFLAGS) $(LDLIBS)

build/%.o: src/%.c $(wildcard src/*.h) | build
	$(CC) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

# cli.o holds the install prefix: rebuild it when PREFIX changes.
build/cli.o: build/prefix
build/prefix: FORCE | build
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@

build:
	mkdir -p build

build/unit: $(UNIT_SRC) tests/unit/unit.h $(CORE_OBJ)
	$(CC) $(CFLAGS) $(CPPFLAGS) -Isrc -o $@ $(UNIT_SRC) $(CORE_OBJ) \
		$(LDFLAGS) $(LDLIBS) -lcmocka

deps:
	sh tools/deps.sh

demo: deps
	$(MAKE) qbrt
	sh examples/demo.sh

check: deps
	$(MAKE) qbrt build/unit
	prove --timer tests/

bench: qbrt
	sh tests/bench/bench.sh

install: qbrt
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/qbrt/rules \
		$(DESTDIR)$(PREFIX)/share/qbrt/templates
	install -m 755 qbrt $(DESTDIR)$(PREFIX)/bin/qbrt
	install -m 644 rules/*.lua $(DESTDIR)$(PREFIX)/share/qbrt/rules/
	install -m 644 templates/*.lua $(DESTDIR)$(PREFIX)/share/qbrt/templates/

clean:
	rm -rf build qbrt

.PHONY: all deps demo check bench install clean FORCE
