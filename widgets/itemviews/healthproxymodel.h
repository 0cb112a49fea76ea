#pragma once

#include <QColor>
#include <QIdentityProxyModel>
#include <QPalette>

namespace OffsetLens {

// Draws the cells a keyed model marks as carried over from an earlier refresh (KeyedTableModel::CarriedFromRole) in
// grey italics. Turns a model's health role (0 ok, 1 warning, 2 error; models/ stay free of colours) into colours: a
// tinted row background for tables, or a tinted text colour for the tree, where whole-row backgrounds would be too
// loud.
class HealthProxyModel : public QIdentityProxyModel
{
    Q_OBJECT

public:
    enum class Style
    {
        Background,
        Foreground,
    };

    HealthProxyModel(int healthRole, Style style, QObject *parent = nullptr);

    int healthRole() const { return m_healthRole; }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // Colours that stay readable on light and dark palettes: the accent is blended into the palette's base.
    static QColor backgroundFor(int health, const QPalette &palette);
    static QColor foregroundFor(int health, const QPalette &palette);

private:
    int m_healthRole;
    Style m_style;
};

} // namespace OffsetLens
