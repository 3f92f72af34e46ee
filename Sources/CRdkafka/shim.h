// librdkafka's public header, found through pkg-config (`rdkafka` >= 2.3, see scripts/bootstrap.sh).
#include <librdkafka/rdkafka.h>
