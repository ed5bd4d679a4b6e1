#!/bin/sh
# Entry point of the mle4j images: the ./mle4j launcher without the build step. Runs the launcher jar
# with the image's java ($JAVA_HOME: the full JDK in the training image, the jlink'd runtime in the
# inference images) and the launcher's JVM flags; MLE4J_JAVA_OPTS replaces the heap options
# (default: 75 % of the container's memory limit). Arguments are mle4j commands, e.g.
#   serve --host=0.0.0.0 --port=8080      text train --dataset sms-spam
set -eu
app="${MLE4J_APP:-/opt/mle4j/app}"
java="${JAVA_HOME:-/opt/java/openjdk}/bin/java"
if [ ! -x "$java" ]; then
  echo "mle4j: no java at $java (set JAVA_HOME)" >&2
  exit 2
fi
if [ ! -f "$app/mle4j.jar" ]; then
  echo "mle4j: no launcher jar at $app/mle4j.jar (set MLE4J_APP)" >&2
  exit 2
fi
# the images run Java 25: protobuf (Tribuo) still uses sun.misc.Unsafe, which Java 23+ only allows
# when asked explicitly
# shellcheck disable=SC2086
exec "$java" ${MLE4J_JAVA_OPTS:--XX:MaxRAMPercentage=75} --sun-misc-unsafe-memory-access=allow \
  -Dai.djl.offline=true --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -Dmle4j.root="$app" -jar "$app/mle4j.jar" "$@"
