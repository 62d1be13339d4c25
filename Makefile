# electplan: risk-assessed policing plans for UK election periods.
GO          ?= go
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT      ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null)
LDFLAGS     := -X main.version=$(VERSION) -X main.commit=$(COMMIT)

.PHONY: build test lint check race bench golden tidy-check fmt-check examples clean

## build: the electplan binary in bin/
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/electplan ./cmd/electplan

## test: every test, including end-to-end runs of the CLI on the examples
test:
	$(GO) test ./...

## lint: gofmt, go vet, staticcheck and go mod tidy must all be clean
lint: fmt-check
	$(GO) vet ./...
	$(STATICCHECK) ./...
	$(MAKE) tidy-check

## check: lint plus the tests under the race detector (what CI runs)
check: lint race

race:
	$(GO) test -race ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

tidy-check:
	@cp go.mod /tmp/electplan-go.mod.bak; cp go.sum /tmp/electplan-go.sum.bak; \
	$(GO) mod tidy; \
	if ! cmp -s go.mod /tmp/electplan-go.mod.bak || ! cmp -s go.sum /tmp/electplan-go.sum.bak; then \
		echo "go mod tidy changes go.mod or go.sum: run it and commit the result"; \
		cp /tmp/electplan-go.mod.bak go.mod; cp /tmp/electplan-go.sum.bak go.sum; exit 1; fi

## bench: the performance benchmarks recorded in docs/performance.md
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 5x ./...

## golden: refresh golden files after an intended change (review the diff!)
GOLDEN_PKGS := ./plan ./plan/xlsx ./cmd/electplan
golden:
	$(GO) test $(GOLDEN_PKGS) -update

clean:
	rm -rf bin out
