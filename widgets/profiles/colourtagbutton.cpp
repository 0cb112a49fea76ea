#include "colourtagbutton.h"

#include <QColorDialog>
#include <QMenu>
#include <QPainter>
#include <QStyle>

namespace OffsetLens {

QIcon colourSwatch(const QString &colour, int size, const QColor &outline)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF square(1.5, 1.5, size - 3, size - 3);
    const QColor fill(colour);
    if (colour.isEmpty() || !fill.isValid()) {
        painter.setPen(QPen(outline, 1, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
    } else {
        painter.setPen(QPen(fill.lightnessF() > 0.5 ? fill.darker(170) : fill.lighter(170), 1));
        painter.setBrush(fill);
    }
    painter.drawRoundedRect(square, 3, 3);
    painter.end();
    return QIcon(pixmap);
}

QList<std::pair<QString, QString>> ColourTagButton::presets()
{
    // Far apart in hue and readable behind black or white text: red is for production by habit.
    return {
        {QStringLiteral("#d03030"), tr("Red")},    {QStringLiteral("#e07b00"), tr("Orange")},
        {QStringLiteral("#d4b000"), tr("Yellow")}, {QStringLiteral("#2e9e44"), tr("Green")},
        {QStringLiteral("#138d90"), tr("Teal")},   {QStringLiteral("#2f6fd6"), tr("Blue")},
        {QStringLiteral("#8a4fc7"), tr("Purple")}, {QStringLiteral("#7a7a7a"), tr("Grey")},
    };
}

ColourTagButton::ColourTagButton(QWidget *parent)
    : QToolButton(parent)
{
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *menu = new QMenu(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    const QColor outline = palette().color(QPalette::WindowText);
    menu->addAction(colourSwatch(QString(), iconSize, outline), tr("&No colour"), this, [this] { pick(QString()); });
    menu->addSeparator();
    for (const auto &[hex, name] : presets())
        menu->addAction(colourSwatch(hex, iconSize, outline), name, this, [this, hex = hex] { pick(hex); });
    menu->addSeparator();
    menu->addAction(tr("&Other Colour…"), this, &ColourTagButton::chooseOther);
    setMenu(menu);
    updateLook();
}

void ColourTagButton::setColour(const QString &colour)
{
    m_colour = colour;
    updateLook();
}

void ColourTagButton::pick(const QString &colour)
{
    if (colour == m_colour)
        return;
    setColour(colour);
    Q_EMIT colourChanged(m_colour);
}

void ColourTagButton::chooseOther()
{
    const QColor initial = m_colour.isEmpty() ? QColor(presets().front().first) : QColor(m_colour);
    const QColor chosen = QColorDialog::getColor(initial, this, tr("Colour Tag"));
    if (chosen.isValid())
        pick(chosen.name(QColor::HexRgb));
}

void ColourTagButton::updateLook()
{
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    setIcon(colourSwatch(m_colour, iconSize, palette().color(QPalette::ButtonText)));
    QString name = m_colour.isEmpty() ? tr("No colour") : m_colour;
    for (const auto &[hex, preset] : presets()) {
        if (hex.compare(m_colour, Qt::CaseInsensitive) == 0)
            name = preset;
    }
    setText(name);
    setAccessibleName(tr("Colour tag: %1").arg(name));
}

} // namespace OffsetLens
