#pragma once

#include "visualiserstyle.h"

#include <QWidget>

namespace OffsetLens {

// The key under the plot: each marker's shape and name, the shown groups with their colour and shape, and the
// note on the LEO (drawn only where a source knows it). Items wrap onto more lines when the widget is narrow.
class VisualiserLegend : public QWidget
{
    Q_OBJECT
public:
    explicit VisualiserLegend(QWidget *parent = nullptr);

    void setContents(const VisualiserStyle &style, const QStringList &groups, bool logEndKnown, bool lastStableShown);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    enum class Icon
    {
        LogStart,
        HighWatermark,
        LastStable,
        LogEnd,
        Committed,
        Position,
        Lag,
        Deleted,
        OutOfRange,
    };
    struct Item
    {
        Icon icon;
        QString text;
        qsizetype group = -1;
    };

    int layoutItems(int width, QList<QRect> *rects) const;
    void paintIcon(QPainter *p, const Item &item, const QRectF &box) const;

    VisualiserStyle m_style;
    QList<Item> m_items;
};

} // namespace OffsetLens
