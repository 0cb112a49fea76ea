#pragma once

#include <QColor>
#include <QWidget>

namespace OffsetLens {

// A thin band above the panels in the colour of the profile they show, naming that cluster and whether it may be
// written ("read-only", "production"), so that a production cluster is not taken for a test one when several are
// open. The text is black or white, whichever contrasts more with the colour. A profile without a colour gets a
// neutral band only when it carries a badge; with neither the band is hidden.
class ClusterBand : public QWidget
{
    Q_OBJECT
public:
    explicit ClusterBand(QWidget *parent = nullptr);

    // `colour` as the profile stores it ("#rrggbb"; empty or invalid: none). `badge` e.g. "READ-ONLY"; may be empty.
    void setCluster(const QString &name, const QString &colour, const QString &badge);

    QColor colour() const { return m_colour; } // invalid when neutral or hidden
    QString name() const { return m_name; }
    QString badge() const { return m_badge; }
    QColor textColour() const;

    // Black or white, whichever reads better on `background` (WCAG contrast ratio).
    static QColor textColourFor(const QColor &background);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QColor background() const;
    QFont bandFont() const;

    QString m_name;
    QColor m_colour;
    QString m_badge;
};

} // namespace OffsetLens
