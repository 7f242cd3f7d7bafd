# sunlight — see README.md.  `make` installs what is missing (as root),
# builds, and renders the demo data/ into out/.  `make test` runs the suite.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share/sunlight
DESTDIR	?=

CC	?= cc
CFLAGS	?= -O2 -g
WARN	= -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64
XML_CFLAGS ?= $$(pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS ?= $$(pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
LIBS	= -lhpdf -lqrencode -lcmark -lcsv -lzip $(XML_LIBS) -lcrypto -lz -lm
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Debian packages: libraries, the CJK fonts, and the judges the tests use.
DEBS	= gcc make pkg-config libxml2-dev libhpdf-dev libcmark-dev libcsv-dev libzip-dev zlib1g-dev \
	  libssl-dev libqrencode-dev fonts-wqy-microhei fonts-arphic-uming \
	  poppler-utils qpdf mupdf-tools python3-fonttools chromium zbar-tools \
	  python3-openpyxl libreoffice-calc-nogui libxml2-utils
# PDF/A: the sRGB profile every PDF embeds (read at run time) and a
# maker of known PDF/A-2b files for the self-check (tests).
DEBS	+= icc-profiles-free weasyprint
# A district's shards run under GNU parallel and a one-node Slurm
# (tests, docs/district.md).
DEBS	+= parallel slurm-wlm
# The tests trace a build's system calls: one syncfs before the swap.
DEBS	+= strace
# The auditor's workbook (private/<period>-audit.xlsx) is written with
# libxlsxwriter.
DEBS	+= libxlsxwriter-dev
LIBS	+= -lxlsxwriter
# Java and npm (for the Nu HTML checker) come from Debian only when the
# machine has none of its own.
DEBS_JAVA = $$(command -v java >/dev/null || echo default-jre-headless)
DEBS_NPM = $$(command -v npm >/dev/null || echo npm)
# What `make bench` measures with and compares against.
BENCH_DEBS = time valgrind poppler-utils hledger weasyprint hugo pandoc
VNU	= .tools/node_modules/vnu-jar/build/dist/vnu.jar

SRC	= $(wildcard gen/*.c)
OBJ	= $(SRC:gen/%.c=build/%.o)
LIBOBJ	= $(filter-out build/main.o,$(OBJ))
UNIT	= $(patsubst tests/unit/%.c,build/unit/%,$(wildcard tests/unit/test_*.c))
ASANOBJ	= $(SRC:gen/%.c=build-asan/%.o)

SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH

all: deps sunlight demo

sunlight: build/sunlight
	cp build/sunlight sunlight

build/sunlight: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LIBS)

build/%.o: gen/%.c | build
	$(CC) $(WARN) $(CFLAGS) $(XML_CFLAGS) -DSHAREDIR='"$(SHAREDIR)"' -MMD -MP -c -o $@ $<

build/unit/%: tests/unit/%.c $(LIBOBJ) tests/unit/t.h | build
	$(CC) $(WARN) $(CFLAGS) $(XML_CFLAGS) -Igen -o $@ $< $(LIBOBJ) $(LIBS)

build:
	mkdir -p build/unit

build-asan/sunlight: $(ASANOBJ)
	$(CC) $(SANFLAGS) -g -o $@ $(ASANOBJ) $(LIBS)

build-asan/%.o: gen/%.c
	@mkdir -p build-asan/unit
	$(CC) $(WARN) -O1 -g $(SANFLAGS) $(XML_CFLAGS) -MMD -MP -c -o $@ $<

build-asan/unit/%: tests/unit/%.c $(filter-out build-asan/main.o,$(ASANOBJ)) tests/unit/t.h
	@mkdir -p build-asan/unit
	$(CC) $(WARN) -O1 -g $(SANFLAGS) $(XML_CFLAGS) -Igen -o $@ $< \
	    $(filter-out build-asan/main.o,$(ASANOBJ)) $(LIBS)

# Render the demo unit.
demo: build/sunlight
	./build/sunlight build -d data -t templates -o out

test: deps build/sunlight $(UNIT) $(VNU)
	SUNLIGHT=$(CURDIR)/build/sunlight UNITDIR=$(CURDIR)/build/unit \
	    sh tests/run

# The same suite against an AddressSanitizer/UBSan build.
asan: deps build-asan/sunlight $(UNIT:build/%=build-asan/%) $(VNU)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	SUNLIGHT=$(CURDIR)/build-asan/sunlight UNITDIR=$(CURDIR)/build-asan/unit \
	    sh tests/run

bench: build/sunlight
	@$(MAKE) --no-print-directory deps DEBS="$(BENCH_DEBS)"
	sh tests/bench

# Show each golden difference, then replace the expected files.
regen: build/sunlight
	SUNLIGHT=$(CURDIR)/build/sunlight REGEN=1 sh tests/run

# Install missing Debian packages when root; otherwise name them and stop.
deps:
	@missing=""; for p in $(DEBS) $(DEBS_JAVA) $(DEBS_NPM); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "installing:$$missing"; \
	        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing || exit 1; \
	    else \
	        echo "missing packages; as root run: apt-get install$$missing"; exit 1; \
	    fi; \
	fi

$(VNU):
	mkdir -p .tools
	cd .tools && npm install --no-audit --no-fund --silent vnu-jar@26.9.27 >/dev/null

# The program finds the templates in ../share/sunlight beside itself,
# so a copy installed under any PREFIX (or moved with its share folder)
# works; a reinstall replaces the templates instead of nesting them.
install: build/sunlight
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)/templates
	cp build/sunlight $(DESTDIR)$(BINDIR)/sunlight
	cp -R templates/. $(DESTDIR)$(SHAREDIR)/templates/

clean:
	rm -rf build build-asan build-fuzz sunlight out .out.sunlight-staging-* .out.sunlight-old-* tests/tmp

.PHONY: all sunlight demo test asan bench regen deps install clean

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang against the
# sanitizers; `make fuzz` runs each for FUZZTIME seconds.  Not part of test.
FUZZCC	?= clang
FUZZTIME ?= 60
FUZZFLAGS = $(filter-out -Werror,$(WARN)) -g -O1 -fno-omit-frame-pointer \
	    -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZOBJ	= $(filter-out build-fuzz/main.o,$(SRC:gen/%.c=build-fuzz/%.o))
FUZZ	= $(patsubst tests/fuzz/%.c,build-fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

fuzz:
	@$(MAKE) --no-print-directory deps DEBS="clang libclang-rt-14-dev"
	@$(MAKE) --no-print-directory $(FUZZ)
	FUZZTIME=$(FUZZTIME) sh tests/fuzz/run $(FUZZ)

build-fuzz/%.o: gen/%.c
	@mkdir -p build-fuzz
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer-no-link $(XML_CFLAGS) -MMD -MP -c -o $@ $<

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZOBJ)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(XML_CFLAGS) -Igen -o $@ $< \
	    $(FUZZOBJ) $(LIBS)

.SECONDARY: $(FUZZOBJ)
.PHONY: fuzz

# Each object's headers, as the compiler found them (-MMD): a changed
# header rebuilds only the objects that include it.
-include $(OBJ:.o=.d) $(ASANOBJ:.o=.d) $(FUZZOBJ:.o=.d)
