#pragma once

#include <QIcon>
#include <QToolButton>

namespace OffsetLens {

// A rounded square in `colour` with a contrasting outline (so white and black tags show too); an empty colour
// gives a dashed outline in `outline`, which says "no tag" in any palette.
QIcon colourSwatch(const QString &colour, int size, const QColor &outline);

// Picks a profile's colour tag: a menu of distinct presets, "No colour" and "Other Colour…" (QColorDialog). The
// button shows the swatch and the colour's name, so the choice is readable without telling colours apart.
class ColourTagButton : public QToolButton
{
    Q_OBJECT
public:
    explicit ColourTagButton(QWidget *parent = nullptr);

    QString colour() const { return m_colour; } // "#rrggbb", empty for none
    void setColour(const QString &colour);

    // The presets ("#rrggbb") and their names, in menu order.
    static QList<std::pair<QString, QString>> presets();

Q_SIGNALS:
    void colourChanged(const QString &colour); // only when the user picks one

private:
    void pick(const QString &colour);
    void chooseOther();
    void updateLook();

    QString m_colour;
};

} // namespace OffsetLens
