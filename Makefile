# Thin wrapper over CMake: the two commands README.md gives users, plus a few for developers.
# Every target installs missing system packages first (installers/deps-debian.sh); nothing else is
# downloaded.

BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= 2
CMAKE_ARGS ?=
# Arguments for `make run`, e.g. make run ARGS="--datadir /tmp/cairn".
ARGS       ?=

.PHONY: run test deps configure build bench test-asan clean

# `make run` opens the desktop app on a local devnet; `make run ARGS=--daemon` runs the node headless.
run: build
	$(BUILD_DIR)/app/cairn --network devnet $(ARGS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

deps:
	@bash installers/deps-debian.sh

configure: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

bench: build
	$(BUILD_DIR)/tests/bench/cairn-bench crypto
	$(BUILD_DIR)/tests/bench/cairn-bench ledger

# Debug build with AddressSanitizer + UndefinedBehaviorSanitizer, in its own folder.
test-asan:
	$(MAKE) test BUILD_DIR=build-asan BUILD_TYPE=Debug CMAKE_ARGS=-DCAIRN_SANITIZE=ON

clean:
	rm -rf build build-asan
