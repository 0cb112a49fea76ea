#include "healthproxymodel.h"

#include "keyedtablemodel.h"

#include <QApplication>
#include <QBrush>
#include <QFont>

namespace OffsetLens {

namespace {
const QColor kWarningAccent(0xE8, 0xA3, 0x17);
const QColor kErrorAccent(0xD9, 0x3A, 0x3A);

QColor blend(const QColor &base, const QColor &accent, double amount)
{
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + accent.redF() * amount),
                            float(base.greenF() * (1 - amount) + accent.greenF() * amount),
                            float(base.blueF() * (1 - amount) + accent.blueF() * amount));
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}
} // namespace

HealthProxyModel::HealthProxyModel(int healthRole, Style style, QObject *parent)
    : QIdentityProxyModel(parent)
    , m_healthRole(healthRole)
    , m_style(style)
{}

QColor HealthProxyModel::backgroundFor(int health, const QPalette &palette)
{
    if (health <= 0)
        return {};
    const QColor base = palette.color(QPalette::Base);
    return blend(base, health == 1 ? kWarningAccent : kErrorAccent, isDark(palette) ? 0.35 : 0.28);
}

QColor HealthProxyModel::foregroundFor(int health, const QPalette &palette)
{
    if (health <= 0)
        return {};
    const QColor accent = health == 1 ? kWarningAccent : kErrorAccent;
    // On a light base the accent itself is too pale for text: darken it.
    return isDark(palette) ? accent.lighter(115) : accent.darker(health == 1 ? 160 : 125);
}

QVariant HealthProxyModel::data(const QModelIndex &index, int role) const
{
    // A value an earlier refresh read (the last one could not): italic and greyed, so it never passes for news.
    if ((role == Qt::FontRole || role == Qt::ForegroundRole) &&
        QIdentityProxyModel::data(index, KeyedTableModel::CarriedFromRole).toLongLong() != 0) {
        if (role == Qt::ForegroundRole)
            return QBrush(QApplication::palette().color(QPalette::Disabled, QPalette::Text));
        QFont font = QIdentityProxyModel::data(index, role).value<QFont>();
        font.setItalic(true);
        return font;
    }
    const bool wanted = (m_style == Style::Background && role == Qt::BackgroundRole) ||
                        (m_style == Style::Foreground && role == Qt::ForegroundRole);
    if (!wanted)
        return QIdentityProxyModel::data(index, role);
    const int health = QIdentityProxyModel::data(index, m_healthRole).toInt();
    if (health <= 0)
        return QIdentityProxyModel::data(index, role);
    const QPalette palette = QApplication::palette();
    return QBrush(m_style == Style::Background ? backgroundFor(health, palette) : foregroundFor(health, palette));
}

} // namespace OffsetLens
