#include "clusterband.h"

#include <QEvent>
#include <QPainter>

#include <cmath>

namespace OffsetLens {

namespace {
constexpr int kPadding = 2; // above and below the text: the band stays thin

double relativeLuminance(const QColor &colour)
{
    const auto linear = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF());
}
} // namespace

ClusterBand::ClusterBand(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("clusterBand"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setAttribute(Qt::WA_OpaquePaintEvent);
    hide();
}

void ClusterBand::setCluster(const QString &name, const QString &colour, const QString &badge)
{
    const QColor parsed(colour);
    m_name = name;
    m_colour = colour.isEmpty() || !parsed.isValid() ? QColor() : parsed;
    m_badge = badge;
    setVisible(!m_name.isEmpty() && (m_colour.isValid() || !m_badge.isEmpty()));
    setToolTip(m_badge.isEmpty() ? tr("The panels show cluster %1").arg(m_name)
                                 : tr("The panels show cluster %1 (%2)").arg(m_name, m_badge.toLower()));
    setAccessibleName(m_badge.isEmpty() ? m_name : QStringLiteral("%1, %2").arg(m_name, m_badge));
    update();
}

QColor ClusterBand::textColourFor(const QColor &background)
{
    const double l = relativeLuminance(background);
    const double onWhite = 1.05 / (l + 0.05); // white text
    const double onBlack = (l + 0.05) / 0.05; // black text
    return onBlack >= onWhite ? QColor(Qt::black) : QColor(Qt::white);
}

QColor ClusterBand::background() const
{
    return m_colour.isValid() ? m_colour : palette().color(QPalette::Mid);
}

QColor ClusterBand::textColour() const
{
    return textColourFor(background());
}

QFont ClusterBand::bandFont() const
{
    QFont f = font();
    f.setBold(true);
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * 0.9);
    return f;
}

QSize ClusterBand::sizeHint() const
{
    const QFontMetrics metrics(bandFont());
    return {metrics.horizontalAdvance(m_name + QStringLiteral("    ") + m_badge) + 16, metrics.height() + 2 * kPadding};
}

QSize ClusterBand::minimumSizeHint() const
{
    return {0, sizeHint().height()};
}

void ClusterBand::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), background());
    painter.setFont(bandFont());
    painter.setPen(textColour());
    const QRect text = rect().adjusted(8, 0, -8, 0);
    const QFontMetrics metrics(painter.font());
    const int badgeWidth = m_badge.isEmpty() ? 0 : metrics.horizontalAdvance(m_badge);
    painter.drawText(text, Qt::AlignRight | Qt::AlignVCenter, m_badge);
    const QRect nameRect = text.adjusted(0, 0, -(badgeWidth + (badgeWidth > 0 ? 16 : 0)), 0);
    painter.drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                     metrics.elidedText(m_name, Qt::ElideRight, nameRect.width()));
}

void ClusterBand::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

} // namespace OffsetLens
