#!/usr/bin/env bash
# At a release: copies every schema of schemas/src/main/avro whose fingerprint is new into the
# released history (schemas/src/main/resources/com/dialer/schemas/history, listed in its INDEX).
# Commit what it adds with the release; from then on the build checks every new version against it
# (SchemaEvolutionTest). Extra arguments go to Maven (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/select-jdk.sh
./mvnw -B -q "$@" -pl schemas compile dependency:build-classpath \
  -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime
"$JAVA_HOME/bin/java" -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "schemas/target/classes:$(cat schemas/target/runtime.classpath)" com.dialer.schemas.SchemaHistory
