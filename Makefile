# The two commands of the README: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
UV := .tools/bin/uv
INSTALLED := $(VENV)/.installed
WORKSPACE ?= data/demo

.PHONY: run test lint install system-deps bench demo mail-demo clean

run: install system-deps
	$(VENV)/bin/consortium run --workspace $(WORKSPACE)

test: install system-deps lint
	$(VENV)/bin/python -m pytest

# Style, SQL layout and the layers of the code (pyproject.toml holds each tool's settings).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/sqlfluff lint transforms load/migrations
	$(VENV)/bin/lint-imports

bench: install system-deps
	$(VENV)/bin/python -m benchmarks

demo: install
	$(VENV)/bin/python -m demo --out $(WORKSPACE)

# The mail loop end to end on local servers: a demo month delivered by e-mail, collected, answered.
mail-demo: install system-deps
	$(VENV)/bin/python -m demo.mail_demo

install: $(INSTALLED)

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==0.13.9

$(INSTALLED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

# Chromium draws the chart images of the exports and runs the page tests (Debian's package).
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium (charts as images, browser tests)..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@# Dovecot is the real IMAP server of the mail tests and `make mail-demo` (Debian's package).
	@command -v dovecot >/dev/null 2>&1 || { \
	  echo "Installing Debian's dovecot-imapd (IMAP server for the mail tests)..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq dovecot-imapd >/dev/null; }

clean:
	rm -rf $(VENV) .tools $(WORKSPACE)/warehouse.duckdb $(WORKSPACE)/site $(WORKSPACE)/exports \
	  $(WORKSPACE)/feedback $(WORKSPACE)/archive $(WORKSPACE)/.state
