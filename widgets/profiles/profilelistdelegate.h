#pragma once

#include <QStyledItemDelegate>

namespace OffsetLens {

// Draws a profile in the manager's list: its colour swatch, its name (bold while it is open, with a mark for
// unsaved edits), its bootstrap servers and flags below, and "Connected" on the right while it is open. Colours
// come from the palette, so light and dark themes both read.
class ProfileListDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    enum Roles
    {
        ColourRole = Qt::UserRole + 100, // QString "#rrggbb", empty for none
        DetailRole,                      // QString: the second line (bootstrap servers)
        OpenRole,                        // bool: a session of this profile is open
        BadgesRole,                      // QStringList: "production", "read-only"
        ModifiedRole,                    // bool: the editor holds unsaved edits of it
    };

    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static QString openText();
};

} // namespace OffsetLens
