# specsync's container image: Debian 12 (libgit2 1.5.1, what specsync is
# built and tested on), built in one stage, run from a slim one with only
# the shared libraries specsync links and git.
#
#   docker build -t specsync .
#   docker run --rm -v "$PWD:/repo" -w /repo specsync audit
#
# The mounted repository belongs to your user, the container runs as root:
# libgit2 1.5 refuses a repository owned by another user. The entrypoint
# (docker/entrypoint.sh) adds the repository at the working directory to
# git's safe.directory list, since mounting it is trusting it; set
# SPECSYNC_TRUST_WORKDIR=0 to keep the check (specsync then says how to
# trust it), or run as the owner: docker run --user "$(id -u):$(id -g)" ...
# tests/e2e/t0213 runs these steps without Docker.

FROM debian:12-slim AS build
WORKDIR /src
COPY scripts/deps.sh scripts/deps.sh
RUN sh scripts/deps.sh && rm -rf /var/lib/apt/lists/*
COPY CMakeLists.txt README.md ./
COPY cmake cmake
COPY hooks hooks
COPY include include
COPY src src
COPY docs docs
COPY examples examples
RUN cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release -DSPECSYNC_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
RUN cmake --build /build -j "$(nproc)" && DESTDIR=/stage cmake --install /build >/dev/null

FROM debian:12-slim
# the libraries of `readelf -d specsync` (NEEDED), as Debian 12 packages
# them, and git (hooks, safe.directory); t0213 checks the list
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends libgit2-1.5 libyaml-0-2 libpcre2-8-0 zlib1g libdeflate0 git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /stage/usr/bin/specsync /usr/bin/specsync
COPY --from=build /stage/usr/share/specsync /usr/share/specsync
COPY docker/entrypoint.sh /usr/local/bin/specsync-entrypoint
RUN ln -s specsync /usr/bin/git-specsync && specsync version
WORKDIR /repo
ENTRYPOINT ["/usr/local/bin/specsync-entrypoint"]
CMD ["--help"]
