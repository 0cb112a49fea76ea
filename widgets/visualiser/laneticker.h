#pragma once

#include "qcustomplot_include.h"
#include "visualiserstate.h"

namespace OffsetLens {

// The y axis: one tick per visible lane, labelled with its partition ("p3", or "orders-3" where lanes span
// several topics); every n-th lane only when they are too dense to label each.
class LaneTicker : public QCPAxisTicker
{
public:
    explicit LaneTicker(const VisualiserState *state)
        : m_state(state)
    {}
    // Set before a replot: how many pixels a lane is high, so labels thin out instead of overlapping.
    void setPixelsPerLane(double pixels) { m_pixelsPerLane = pixels; }

protected:
    double getTickStep(const QCPRange &range) override;
    int getSubTickCount(double tickStep) override;
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision) override;
    QVector<double> createTickVector(double tickStep, const QCPRange &range) override;

private:
    const VisualiserState *m_state;
    double m_pixelsPerLane = 20;
};

// The x axis: whole offsets with thousands separators (absolute scale) or percent of the retained log (normalised).
class OffsetTicker : public QCPAxisTicker
{
public:
    explicit OffsetTicker(const VisualiserState *state)
        : m_state(state)
    {
        setTickCount(6);
    }

protected:
    double getTickStep(const QCPRange &range) override;
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision) override;
    QVector<double> createTickVector(double tickStep, const QCPRange &range) override;

private:
    const VisualiserState *m_state;
};

} // namespace OffsetLens
