# Every target bootstraps .venv itself, so a fresh clone needs nothing but `make run` / `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench check docs man grammars daemons firewall-tools browser verdicts collection fuzz-daemons probe-proftpd-args clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@for f in samples/*.conf; do echo "== ftpconf lint $$f"; $(BIN)/ftpconf lint --fail-on none $$f; done
	@echo "== ftpconf lint --firewall samples/firewall/rules.v4 samples/vsftpd-active-passive-60000.conf"
	@$(BIN)/ftpconf lint --fail-on none --firewall samples/firewall/rules.v4 samples/vsftpd-active-passive-60000.conf
	@echo "== ftpconf show samples/proftpd-seed-deny-port.conf"
	@$(BIN)/ftpconf show samples/proftpd-seed-deny-port.conf
	@echo "== ftpconf convert --to pureftpd samples/vsftpd-range-30000.conf"
	@$(BIN)/ftpconf convert --to pureftpd samples/vsftpd-range-30000.conf
	@echo "== ftpconf firewall --format nft samples/pure-ftpd.conf"
	@$(BIN)/ftpconf firewall --format nft samples/pure-ftpd.conf

daemons:
	bash scripts/provision-daemons

# nft, iptables, firewalld, ufw, docker-compose: the real checkers the firewall tests feed (no service started)
firewall-tools:
	bash scripts/provision-firewall-tools

# Debian's chromium, which tests/test_show_html_browser.py drives headless (playwright comes with the dev extras)
browser:
	bash scripts/provision-browser

test: $(STAMP) daemons firewall-tools browser
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

bench: $(STAMP) daemons  # the proftpd -t comparison needs the real binary
	$(BIN)/python bench/run.py

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# docs/rules/ is generated from the rule registry; tests/test_rule_docs.py fails when it is stale.
docs: $(STAMP)
	$(BIN)/python -m ftpconf.docs

# docs/ftpconf.1 is generated from the click commands; tests/test_manpage.py fails when it is stale.
man: $(STAMP)
	$(BIN)/python -m ftpconf.manpage

# grammars/*.toml are generated from the measured tables in data/ (data/README.md) and committed, and so is
# their Python form ftpconf/_catalogs/*.py, which ftpconf loads;
# tests/test_grammars_reproducible.py fails when they are stale.
grammars: $(STAMP)
	$(BIN)/python tools/gen_vsftpd_catalog.py
	$(BIN)/python tools/gen_proftpd_catalog.py
	$(BIN)/python tools/gen_pureftpd_catalog.py
	$(BIN)/python tools/gen_catalog_modules.py

# data/proftpd-directives.tsv (argument counts), -argument-rules.tsv and -positions.tsv: re-measure how many arguments
# the binary takes, how it checks first arguments, then
# every position of multi-argument lines (then `make grammars`).
probe-proftpd-args: $(STAMP) daemons
	PYTHONPATH=$(CURDIR) $(BIN)/python tools/probe_proftpd_arities.py
	PYTHONPATH=$(CURDIR) $(BIN)/python tools/probe_proftpd_args.py
	PYTHONPATH=$(CURDIR) $(BIN)/python tools/probe_proftpd_positions.py

# tests/corpus/verdicts.tsv: what the real daemons say of every real-world corpus file (docs/corpus.md);
# verdicts-debian13.tsv: what Debian 13's say. Needs root (a private mount namespace); `make test` only
# re-checks a sample on each release (tests/test_corpus_daemons.py).
verdicts: $(STAMP) daemons
	PYTHONPATH=$(CURDIR) $(BIN)/python -m tests.corpus_verdicts
	PYTHONPATH=$(CURDIR) $(BIN)/python -m tests.corpus_verdicts --release debian13

# The Ansible collection ftpconf.ftpconf (ansible/README.md) as a tarball for `ansible-galaxy collection install`.
collection: $(STAMP)
	$(BIN)/ansible-galaxy collection build ansible --output-path dist --force

# A long mutation campaign on the real daemons (tests/mutation.py); `make test` runs a fixed-seed sample.
# Each disagreement is written as a parity case to build/fuzz-daemons/<daemon>[-<release>]-cases.txt.
# RELEASE=debian13 asks Debian 13's daemons, ftpconf targeting the versions they are (tests/daemons.py RELEASES).
N ?= 1000
SEED ?= $(shell date +%s)
RELEASE ?= debian12
fuzz-daemons: $(STAMP) daemons
	PYTHONPATH=$(CURDIR) $(BIN)/python tools/fuzz_daemons.py --count $(N) --seed $(SEED) --release $(RELEASE)

clean:
	rm -rf $(VENV) .daemons build dist *.egg-info
