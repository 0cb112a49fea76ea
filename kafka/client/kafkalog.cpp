#include "kafkalog.h"

namespace OffsetLens {

Q_LOGGING_CATEGORY(lcKafka, "offsetlens.kafka", QtInfoMsg)

} // namespace OffsetLens
