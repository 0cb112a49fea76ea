#include "visualiserlegend.h"

#include <QPainter>

namespace OffsetLens {

namespace {
constexpr int kIconWidth = 22;
constexpr int kGap = 14;
} // namespace

VisualiserLegend::VisualiserLegend(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void VisualiserLegend::setContents(const VisualiserStyle &style, const QStringList &groups, bool logEndKnown,
                                   bool lastStableShown)
{
    m_style = style;
    m_items.clear();
    m_items.append({Icon::LogStart, tr("Log start")});
    m_items.append({Icon::HighWatermark, tr("High watermark (HW)")});
    for (qsizetype i = 0; i < groups.size(); ++i) {
        m_items.append({Icon::Committed, tr("%1 committed").arg(groups[i]), i});
        m_items.append({Icon::Position, tr("position"), i});
        m_items.append({Icon::Lag, tr("lag"), i});
    }
    m_items.append({Icon::Deleted, tr("outside the log: deleted by retention, or beyond the HW")});
    m_items.append({Icon::OutOfRange, tr("out of range")});
    if (lastStableShown)
        m_items.append({Icon::LastStable, tr("Last stable offset (open transaction)")});
    m_items.append({Icon::LogEnd, logEndKnown ? tr("Log end offset (LEO)")
                                              : tr("LEO not shown: brokers do not report it, it is never guessed")});
    updateGeometry();
    update();
}

int VisualiserLegend::layoutItems(int width, QList<QRect> *rects) const
{
    const QFontMetrics fm(font());
    const int lineHeight = std::max(fm.height(), 16) + 4;
    int x = 0;
    int y = 0;
    for (const Item &item : m_items) {
        const int w = kIconWidth + 4 + fm.horizontalAdvance(item.text);
        if (x > 0 && x + w > width) {
            x = 0;
            y += lineHeight;
        }
        if (rects)
            rects->append(QRect(x, y, w, lineHeight));
        x += w + kGap;
    }
    return m_items.isEmpty() ? 0 : y + lineHeight;
}

int VisualiserLegend::heightForWidth(int width) const
{
    return layoutItems(width, nullptr);
}

QSize VisualiserLegend::sizeHint() const
{
    return QSize(600, heightForWidth(600));
}

QSize VisualiserLegend::minimumSizeHint() const
{
    return QSize(100, heightForWidth(std::max(width(), 100)));
}

void VisualiserLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    QList<QRect> rects;
    layoutItems(width(), &rects);
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        const QRect r = rects[i];
        paintIcon(&p, m_items[i], QRectF(r.left(), r.top() + 2, kIconWidth, r.height() - 4));
        p.setPen(m_items[i].icon == Icon::LogEnd ? m_style.mutedText : m_style.text);
        p.drawText(QRect(r.left() + kIconWidth + 4, r.top(), r.width() - kIconWidth - 4, r.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, m_items[i].text);
    }
}

void VisualiserLegend::paintIcon(QPainter *p, const Item &item, const QRectF &box) const
{
    p->save();
    p->setRenderHint(QPainter::Antialiasing, true);
    const QPointF c = box.center();
    const double h = box.height();
    const QColor groupColour = item.group >= 0 ? m_style.groupColour(item.group) : m_style.text;
    const MarkerShape shape = VisualiserStyle::groupShape(std::max<qsizetype>(item.group, 0));
    switch (item.icon) {
    case Icon::LogStart:
        p->setPen(QPen(m_style.logStart, 1.5));
        p->drawLine(QPointF(c.x() - 3, box.top()), QPointF(c.x() - 3, box.bottom()));
        p->drawLine(QPointF(c.x() - 3, box.top()), QPointF(c.x() + 2, box.top()));
        p->drawLine(QPointF(c.x() - 3, box.bottom()), QPointF(c.x() + 2, box.bottom()));
        break;
    case Icon::HighWatermark:
        p->setPen(QPen(m_style.highWatermark, 3));
        p->drawLine(QPointF(c.x() + 3, box.top()), QPointF(c.x() + 3, box.bottom()));
        p->setPen(QPen(m_style.highWatermark, 1.5));
        p->drawLine(QPointF(c.x() + 3, box.top()), QPointF(c.x() - 2, box.top()));
        p->drawLine(QPointF(c.x() + 3, box.bottom()), QPointF(c.x() - 2, box.bottom()));
        break;
    case Icon::LastStable:
        p->setPen(QPen(m_style.lastStable, 2, Qt::DashLine));
        p->drawLine(QPointF(c.x(), box.top()), QPointF(c.x(), box.bottom()));
        break;
    case Icon::LogEnd:
        p->setPen(QPen(m_style.logEnd, 1.5, Qt::DotLine));
        p->drawLine(QPointF(c.x(), box.top()), QPointF(c.x(), box.bottom()));
        break;
    case Icon::Committed:
        paintShape(p, shape, c, h * 0.9, groupColour, true, m_style.text);
        break;
    case Icon::Position:
        paintShape(p, shape, c, h * 0.9, groupColour, false, m_style.text);
        break;
    case Icon::Lag: {
        QColor fill = groupColour;
        fill.setAlphaF(0.45f);
        p->fillRect(QRectF(box.left(), c.y() - h / 4, box.width(), h / 2), fill);
        break;
    }
    case Icon::Deleted:
        p->setPen(QPen(m_style.warning, 1, Qt::DashLine));
        p->setBrush(QBrush(m_style.warning, Qt::BDiagPattern));
        p->drawRect(QRectF(box.left(), c.y() - h / 4, box.width(), h / 2));
        break;
    case Icon::OutOfRange:
        paintWarningSign(p, c, h * 0.9, m_style.warning);
        break;
    }
    p->restore();
}

} // namespace OffsetLens
