#pragma once

#include "snapshot.h"

#include <QLabel>
#include <QList>
#include <QString>

#include <utility>

class QSplitter;

// Small building blocks shared by the detail panels, so they all look alike.
namespace OffsetLens::PanelParts {

// The panel's title: the item's name, larger and bold, selectable.
QLabel *titleLabel(QWidget *parent);
// A line of "Caption value · Caption value" facts (rich text, values escaped), wrapping when narrow.
QLabel *factsLabel(QWidget *parent);
QString factsHtml(const QList<std::pair<QString, QString>> &facts);
// The "Cluster <name>" fact every panel starts with: with several clusters open, say which one this is.
std::pair<QString, QString> clusterFact(const ClusterSnapshot &snapshot);
// A rounded coloured tag next to the title ("from the demo cluster", "pinned — state unknown").
QLabel *badgeLabel(QWidget *parent);
void setBadge(QLabel *badge, const QString &text, int health);
// Explanatory text in the palette's secondary colour.
QLabel *noteLabel(const QString &text, QWidget *parent);
// Error text in the error colour; hidden while empty.
QLabel *errorLabel(QWidget *parent);
// Warning text in the warning colour; hidden while empty (use setError to fill it).
QLabel *warningLabel(QWidget *parent);
void setError(QLabel *label, const QString &text);

// A panel's split between its table and its visualiser, with the visualiser's own state, as one settings value.
QByteArray saveSplitState(const QSplitter *split, const QByteArray &inner);
bool restoreSplitState(QSplitter *split, const QByteArray &state, QByteArray *inner);

} // namespace OffsetLens::PanelParts
