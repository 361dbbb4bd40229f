# imagreport — build, test, benchmark, install.
#
#   make report   install missing Debian packages, build, render the example reports (2023, 2025)
#   make check    install missing Debian packages, build, run every test (also under ASan/UBSan)
#   make bench    time and peak memory: generated reports of 40, 1000, 5000 measures, 100 pages of prose
#   make golden   accept the current layout of the example report as the new golden file
#   make install  PREFIX=/usr/local DESTDIR=
#   make po       update po/imagreport.pot and po/*.po from the source (then translate)
#   make schema   regenerate schema/*.schema.json (JSON Schemas for editors) from the loader

VERSION := 0.1.0
BUILD ?= build
PREFIX ?= /usr/local
DESTDIR ?=
SAN ?= 0
EXAMPLE ?= reports/zwischenbericht-2025

CC ?= cc
AR ?= ar
PKGS := yaml-0.1 libcmark-gfm libpng zlib fontconfig libjpeg lcms2 harfbuzz
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# The first target is the default one: plain `make` builds the program.
all:

# CFLAGS, LDFLAGS and OPT are the caller's (make CFLAGS=-O0 works); the flags the project
# needs (language standard, warnings as errors, dependency files) live in IMR_CFLAGS,
# which a command line does not replace.
OPT ?= -O2
CFLAGS ?= -g
IMR_CFLAGS = $(OPT) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
             -MMD -MP -DIMR_VERSION='"$(VERSION)"' -DIMR_DATADIR='"$(PREFIX)/share/imagreport"' \
             -DIMR_LOCALEDIR='"$(PREFIX)/share/locale"' \
             $(SAN_FLAGS) $(CFLAGS)
IMR_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)
LDLIBS += -lhpdf -lm
SAN_FLAGS :=
ifeq ($(SAN),1)
  OPT := -O1
  SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

# The pipeline's stages, one folder and one library each; a stage links only
# against itself and the stages before it.
STAGES := base load compose layout render diff
DEPS_base := base
DEPS_load := load base
DEPS_compose := compose load base
DEPS_layout := layout compose load base
DEPS_render := render layout compose load base
DEPS_diff := diff base
LINK_ORDER := render layout compose load diff base

define stage_rules
$(1)_SRC := $$(sort $$(wildcard src/$(1)/*.c))
$(1)_OBJ := $$(patsubst src/%.c,$(BUILD)/obj/%.o,$$($(1)_SRC))
$(BUILD)/lib$(1).a: $$($(1)_OBJ)
	@mkdir -p $$(@D)
	@rm -f $$@
	$(AR) rcs $$@ $$^
endef
$(foreach s,$(STAGES),$(eval $(call stage_rules,$(s))))

BIN := $(BUILD)/imagreport
ALL_LIBS := $(foreach s,$(LINK_ORDER),$(BUILD)/lib$(s).a)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
stage_of = $(word 2,$(subst _, ,$(notdir $(1))))

# Messages: GNU gettext. po/LANG.po -> BUILD/locale/LANG/LC_MESSAGES/imagreport.mo
# (found there by build/imagreport; installed to PREFIX/share/locale).
PO := $(sort $(wildcard po/*.po))
MO := $(patsubst po/%.po,$(BUILD)/locale/%/LC_MESSAGES/imagreport.mo,$(PO))
$(BUILD)/locale/%/LC_MESSAGES/imagreport.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

.PHONY: all tests unit check report bench golden install uninstall clean deps fuzz po schema
# JSON Schemas for editors, written by the program from the loader's key tables
# (tests/e2e/schema.sh fails when these files are not what it writes).
schema: $(BIN)
	for k in report measures template; do $(BIN) schema $$k >schema/$$k.schema.json || exit 1; done
all: $(BIN) $(MO)

# The functions that take an English message (or a fragment of one) to translate.
XGETTEXT_KEYWORDS := _ N_ N_PLURAL:1,2 diag_error:3 diag_warning:3 diag_add:4 check_keys:4 \
                     map_need:4 expect_kind:4 get_string:3 get_bool:3 get_number:3 get_date:3 \
                     get_id:3 get_float:3 get_color:3 get_amount:3 diag_note:2 fail:2 resolve_path:5 vitem_warn:5 add_warning:5
po:
	xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: --no-location --sort-output \
	  --package-name=imagreport --package-version=$(VERSION) --msgid-bugs-address= \
	  $(addprefix --keyword=,$(XGETTEXT_KEYWORDS)) -o po/imagreport.pot \
	  $(sort $(wildcard src/*.c src/*/*.c))
	for p in $(PO); do msgmerge --quiet --update --backup=none --no-location --sort-output $$p po/imagreport.pot; done

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(IMR_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

# The command line: src/main.c and its helpers in src/cli/ (not a stage).
CLI_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(sort $(wildcard src/cli/*.c)))
$(BIN): $(BUILD)/obj/main.o $(CLI_OBJ) $(ALL_LIBS)
	$(CC) $(IMR_LDFLAGS) $^ -o $@ $(PKG_LIBS) $(LDLIBS)

.SECONDEXPANSION:
$(BUILD)/tests/test_%: tests/unit/test_%.c $$(foreach d,$$(DEPS_$$(call stage_of,$$@)),$(BUILD)/lib$$(d).a)
	@mkdir -p $(@D)
	$(CC) $(IMR_CFLAGS) $(PKG_CFLAGS) -Isrc $< -o $@ $(IMR_LDFLAGS) $(filter %.a,$^) $(PKG_LIBS) $(LDLIBS) -lcmocka

tests: $(BIN) $(MO) $(UNIT_BIN) $(if $(wildcard tests/tools/gen-measures.c),$(BUILD)/tests/gen-measures) \
       $(BUILD)/tests/gen-pictures

$(BUILD)/tests/hyph-eval: tests/tools/hyph-eval.c $(BUILD)/liblayout.a $(BUILD)/libbase.a
	@mkdir -p $(@D)
	$(CC) $(IMR_CFLAGS) -Isrc $< -o $@ $(IMR_LDFLAGS) $(filter %.a,$^) $(LDLIBS)

$(BUILD)/tests/gen-measures: tests/tools/gen-measures.c
	@mkdir -p $(@D)
	$(CC) $(IMR_CFLAGS) $< -o $@ $(IMR_LDFLAGS)

$(BUILD)/tests/gen-pictures: tests/tools/gen-pictures.c
	@mkdir -p $(@D)
	$(CC) $(IMR_CFLAGS) $(PKG_CFLAGS) $< -o $@ $(IMR_LDFLAGS) $(PKG_LIBS)

# Build and run the unit tests of one stage: make unit STAGE=load
unit: $(filter $(BUILD)/tests/test_$(STAGE)_%,$(UNIT_BIN))
	@for t in $^; do echo "== $$t"; ./$$t || exit 1; done

# Debian packages the build and the tests need; installed when missing.
DEB_PKGS := gcc make pkg-config libhpdf-dev libyaml-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libpng-dev zlib1g-dev \
            libjpeg62-turbo-dev liblcms2-dev \
            texlive-base texlive-lang-german libcmocka-dev poppler-utils qpdf \
            icc-profiles-free python3 gettext locales python3-jsonschema libfontconfig-dev fonts-liberation python3-yaml python3-pikepdf python3-pil \
            libharfbuzz-dev
# the visual diff report's browser test (tests/e2e/html.sh), the --deps test (builds.sh)
DEB_PKGS += chromium strace
# a CFF (PostScript-outline) font for the template test of the TrueType-only error
DEB_PKGS += fonts-urw-base35
deps:
	@sh tests/tools/deb-deps.sh "" $(DEB_PKGS)
	@sh tests/tools/locale-de.sh

# the examples: the 2025 report compares itself with the 2023 one (previous:)
EXAMPLES ?= reports/zwischenbericht-2023 $(EXAMPLE)
report: deps
	@$(MAKE) --no-print-directory all
	@for e in $(EXAMPLES); do \
	  echo "$(BIN) build $$e -o $(BUILD)/$$(basename $$e).pdf --layout $(BUILD)/$$(basename $$e).json"; \
	  $(BIN) build $$e -o $(BUILD)/$$(basename $$e).pdf --layout $(BUILD)/$$(basename $$e).json || exit 1; \
	  echo "wrote $(BUILD)/$$(basename $$e).pdf"; \
	done

check: deps
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 tests
	@sh tests/run.sh $(BUILD) $(BUILD)/san

# hyphen-de: LibreOffice's German patterns, the "before" column of the hyphenation bench
BENCH_DEB_PKGS := hyphen-de
bench: deps
	@sh tests/tools/deb-deps.sh " for the bench" $(BENCH_DEB_PKGS)
	@$(MAKE) --no-print-directory all $(BUILD)/tests/gen-measures $(BUILD)/tests/hyph-eval
	@sh tests/bench.sh $(BUILD)

golden: deps
	@$(MAKE) --no-print-directory all
	$(BIN) build $(EXAMPLE) -o $(BUILD)/golden.pdf --layout tests/golden/$(notdir $(EXAMPLE)).layout.json
	@echo "accepted tests/golden/$(notdir $(EXAMPLE)).layout.json"

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/imagreport/templates \
	           $(DESTDIR)$(PREFIX)/share/imagreport/fonts
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/imagreport
	install -m 644 templates/* $(DESTDIR)$(PREFIX)/share/imagreport/templates/
	install -m 644 fonts/* $(DESTDIR)$(PREFIX)/share/imagreport/fonts/
	install -d $(DESTDIR)$(PREFIX)/share/imagreport/schema $(DESTDIR)$(PREFIX)/share/man/man1 \
	           $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 schema/*.schema.json $(DESTDIR)$(PREFIX)/share/imagreport/schema/
	install -m 644 doc/imagreport.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 doc/imagreport-report.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 644 completion/imagreport $(DESTDIR)$(PREFIX)/share/bash-completion/completions/imagreport
	for m in $(MO); do l=$${m#$(BUILD)/locale/}; l=$${l%%/*}; \
	  install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
	  install -m 644 $$m $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/imagreport.mo || exit 1; done

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/imagreport $(DESTDIR)$(PREFIX)/share/imagreport
	rm -f $(patsubst po/%.po,$(DESTDIR)$(PREFIX)/share/locale/%/LC_MESSAGES/imagreport.mo,$(PO))
	rm -f $(DESTDIR)$(PREFIX)/share/man/man1/imagreport.1 $(DESTDIR)$(PREFIX)/share/man/man5/imagreport-report.5 \
	      $(DESTDIR)$(PREFIX)/share/bash-completion/completions/imagreport

clean:
	rm -rf $(BUILD)

# Fuzzing with libFuzzer (clang): make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="report chapter …"]
# Harnesses (tests/fuzz/fuzz_*.c) under ASan + UBSan: report, measures, chapter, template
# (the input as one file of a report: load, compose, layout), pdf (a chapter through the
# whole build into memory), image (picture decoding), diff (two layout dumps).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= report measures chapter template pdf image diff
FUZZ_CC ?= clang
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_DEB_PKGS := clang libclang-rt-dev
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
               -MMD -MP -DIMR_VERSION='"$(VERSION)"' -DFUZZ_SRC_DIR='"$(CURDIR)"' \
               -fsanitize=fuzzer-no-link $(FUZZ_SAN)
FUZZ_OBJ := $(patsubst src/%.c,$(FUZZ_DIR)/obj/%.o,$(base_SRC) $(load_SRC) $(compose_SRC) $(layout_SRC) \
              $(render_SRC) $(diff_SRC)) \
            $(FUZZ_DIR)/harness/fuzz.o

$(FUZZ_DIR)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/harness/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -Isrc -c $< -o $@

.PRECIOUS: $(FUZZ_DIR)/obj/%.o $(FUZZ_DIR)/harness/%.o
$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/harness/fuzz_%.o $(FUZZ_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) $^ -o $@ $(PKG_LIBS) $(LDLIBS)

fuzz:
	@sh tests/tools/deb-deps.sh " for fuzzing" $(FUZZ_DEB_PKGS)
	@$(MAKE) --no-print-directory $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_TARGETS)) \
	    $(BUILD)/tests/gen-pictures $(BUILD)/tests/gen-measures
	@BUILD=$(BUILD) sh tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

-include $(shell find $(FUZZ_DIR) -name '*.d' 2>/dev/null)
-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
-include $(wildcard $(BUILD)/tests/*.d)
