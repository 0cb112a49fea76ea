#pragma once

#include <QLoggingCategory>

namespace OffsetLens {

// librdkafka's own log lines and our Kafka diagnostics. Off by default; turn on with
// QT_LOGGING_RULES="offsetlens.kafka.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcKafka)

} // namespace OffsetLens
