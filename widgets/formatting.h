#pragma once

#include <QString>

namespace OffsetLens {

// Offsets and lags are shown with group separators (1 234 567) in the locale's style, "-" where there is no value,
// as kafka-consumer-groups prints it.
QString formatOffset(qint64 offset);
QString formatCount(qint64 count);

} // namespace OffsetLens
