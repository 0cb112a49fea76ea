#include "laneticker.h"

#include "numberformat.h"

#include <cmath>

namespace OffsetLens {

double LaneTicker::getTickStep(const QCPRange &range)
{
    Q_UNUSED(range)
    // A label needs about 14 px; thin out to every 2nd, 5th, 10th... lane below that.
    const double needed = 14.0 / std::max(m_pixelsPerLane, 0.01);
    for (double step : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0}) {
        if (step >= needed)
            return step;
    }
    return std::ceil(needed / 1000) * 1000;
}

int LaneTicker::getSubTickCount(double tickStep)
{
    Q_UNUSED(tickStep)
    return 0;
}

QVector<double> LaneTicker::createTickVector(double tickStep, const QCPRange &range)
{
    QVector<double> ticks;
    const qsizetype rows = m_state->rowCount();
    const qsizetype step = std::max<qsizetype>(1, qsizetype(tickStep));
    qsizetype first = std::max<qsizetype>(0, qsizetype(std::ceil(range.lower)));
    first = (first + step - 1) / step * step;
    const qsizetype last = std::min<qsizetype>(rows - 1, qsizetype(std::floor(range.upper)));
    for (qsizetype row = first; row <= last; row += step)
        ticks.append(double(row));
    return ticks;
}

QString LaneTicker::getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision)
{
    Q_UNUSED(locale)
    Q_UNUSED(formatChar)
    Q_UNUSED(precision)
    const qsizetype row = qsizetype(std::llround(tick));
    if (row < 0 || row >= m_state->rowCount())
        return {};
    const OffsetLane &lane = m_state->laneAt(row);
    const TopicPartition &tp = lane.tp;
    // A lane drawn from an earlier refresh's values says so where the eye starts reading it.
    const QString stale = lane.carriedFromMs != 0 ? QStringLiteral(" (stale)") : QString();
    if (m_state->lanes.request.subject == LaneSubject::Topic)
        return QStringLiteral("p%1").arg(tp.partition) + stale;
    return partitionName(tp) + stale;
}

double OffsetTicker::getTickStep(const QCPRange &range)
{
    const double step = QCPAxisTicker::getTickStep(range);
    // Offsets are whole numbers: no tick between two of them.
    return m_state->scale.mode == LaneScaleMode::Absolute ? std::max(step, 1.0) : step;
}

QVector<double> OffsetTicker::createTickVector(double tickStep, const QCPRange &range)
{
    QVector<double> ticks = QCPAxisTicker::createTickVector(tickStep, range);
    if (m_state->scale.mode == LaneScaleMode::Normalised) {
        // Only inside the lanes' own scale: outside it, distances are not to scale.
        ticks.erase(std::remove_if(ticks.begin(), ticks.end(), [](double t) { return t < -1e-9 || t > 1 + 1e-9; }),
                    ticks.end());
    } else {
        ticks.erase(std::remove_if(ticks.begin(), ticks.end(), [](double t) { return t < -1e-9; }), ticks.end());
    }
    return ticks;
}

QString OffsetTicker::getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision)
{
    Q_UNUSED(locale)
    Q_UNUSED(formatChar)
    Q_UNUSED(precision)
    if (m_state->scale.mode == LaneScaleMode::Normalised)
        return QStringLiteral("%1 %").arg(std::lround(tick * 100));
    return formatCount(qint64(std::llround(tick)));
}

} // namespace OffsetLens
