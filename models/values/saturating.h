#pragma once

#include <QtGlobal>

#include <limits>

namespace OffsetLens {

// Sums of offsets and lags. Offsets are whatever the brokers send: a broken or hostile one can send values whose sum
// does not fit in 64 bits (the item-model fuzzer found one). A total then stops at the largest value instead of
// wrapping to a negative count.
inline qint64 addSaturating(qint64 a, qint64 b)
{
    qint64 sum = 0;
    if (__builtin_add_overflow(a, b, &sum))
        return b > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    return sum;
}

} // namespace OffsetLens
