# The two commands of the README: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
UV := .tools/bin/uv
INSTALLED := $(VENV)/.installed
WORKSPACE ?= data/demo
# The demo consortium's own files, as the generator writes them; `make run` works on a copy.
DEMO_SEED := demo/consortium

.PHONY: run test soak lint install system-deps bench bench-scale demo mail-demo clean

run: install system-deps
	@if [ "$(WORKSPACE)" = data/demo ] && [ ! -e data/demo/consortium.yaml ]; then \
	  echo "Copying the demo consortium ($(DEMO_SEED)) into data/demo..."; \
	  mkdir -p data/demo && cp -R $(DEMO_SEED)/. data/demo/; \
	fi
	$(VENV)/bin/consortium run --workspace $(WORKSPACE)

# Two workers, one per core; a test file stays on one worker with its module fixtures.
test: install system-deps lint
	$(VENV)/bin/python -m pytest -n 2 --dist loadfile

# Whole processes over and over (Prefect's start-up on fresh workspaces); CI runs it after `test`.
# A soak test may take minutes (ten runs in a row): each has half an hour before it is stopped.
soak: install system-deps
	$(VENV)/bin/python -m pytest -m soak --timeout 1800

# Style, SQL layout and the layers of the code (pyproject.toml holds each tool's settings).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/sqlfluff lint transforms load/migrations
	$(VENV)/bin/lint-imports

bench: install system-deps
	$(VENV)/bin/python -m benchmarks

# Ten times the rows (about 10M, 200 partners x 60 months): full run and one new file, peak memory.
bench-scale: install system-deps
	$(VENV)/bin/python -m benchmarks.scale

demo: install
	$(VENV)/bin/python -m demo --out $(DEMO_SEED)

# The mail loop end to end on local servers: a demo month delivered by e-mail, collected, answered.
mail-demo: install system-deps
	$(VENV)/bin/python -m demo.mail_demo

install: $(INSTALLED)

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==0.13.9

# Every module compiled once here: where PYTHONDONTWRITEBYTECODE is set (CI, containers) Python
# never writes .pyc files, and each process would compile pandas, Prefect and the rest anew (an
# import of pandas, Prefect and DuckDB: 2.7 s from source, 1.0 s compiled).
$(INSTALLED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	$(VENV)/bin/python -m compileall -q -x '/[.]' .
	touch $@

# Debian packages: chromium draws the export images and runs the page tests; dovecot is the real
# IMAP server of the mail tests and `make mail-demo`; strace records a run's connection attempts.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v dovecot >/dev/null 2>&1 || missing="$$missing dovecot-imapd"; \
	command -v strace >/dev/null 2>&1 || missing="$$missing strace"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's$$missing..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

clean:
	rm -rf $(VENV) .tools $(WORKSPACE)/warehouse.duckdb $(WORKSPACE)/site $(WORKSPACE)/exports \
	  $(WORKSPACE)/feedback $(WORKSPACE)/archive $(WORKSPACE)/.state
