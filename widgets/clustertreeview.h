#pragma once

#include "clustertreemodel.h"

#include <QPersistentModelIndex>
#include <QWidget>

#include <functional>

class QSortFilterProxyModel;
class QTreeView;

namespace OffsetLens {

class FilterLineEdit;

// The navigation tree (one root per open cluster) with its filter box. Filtering is recursive (a matching partition
// keeps its topic and category visible) and case-insensitive; selection, expansion and scroll survive refreshes because
// the model updates incrementally.
class ClusterTreeView : public QWidget
{
    Q_OBJECT

public:
    explicit ClusterTreeView(ClusterTreeModel *model, QWidget *parent = nullptr);

    QTreeView *treeView() const { return m_tree; }
    ClusterTreeModel *model() const { return m_model; }

    // The model index of the current item (invalid when nothing is selected).
    QModelIndex currentSourceIndex() const;
    // Selects and reveals an item of the model (e.g. when another panel navigates to a group).
    void selectSourceIndex(const QModelIndex &sourceIndex);

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

public Q_SLOTS:
    // The app binds Ctrl+F (QKeySequence::Find) to this; the widget installs no shortcut of its own so the two
    // cannot become ambiguous.
    void focusFilter();
    void setFilterText(const QString &text);

Q_SIGNALS:
    void selectionChanged(OffsetLens::ClusterTreeModel::NodeKind kind, const QModelIndex &sourceIndex);

private:
    QModelIndex toSource(const QModelIndex &viewIndex) const;
    QModelIndex fromSource(const QModelIndex &sourceIndex) const;
    void expandCluster(const QModelIndex &viewIndex);
    void expandDefaults();
    void applyFilter(const QString &text);
    // Runs a change of the filter. When it hides the current item, Qt makes a neighbour current: the window would
    // then switch its panels to whatever happens to sit next to it at every keystroke. Instead the selection is
    // cleared and the panels keep what they show until the user picks an item; a current item still shown stays.
    void refilterKeepingPanels(const std::function<void()> &change);

    ClusterTreeModel *m_model;
    QSortFilterProxyModel *m_filter;
    FilterLineEdit *m_filterEdit;
    QTreeView *m_tree;
    bool m_filtering = false;      // selection changes are the filter's doing, not the user's
    QPersistentModelIndex m_shown; // the item the window's panels show (the last one selected), a source index
};

} // namespace OffsetLens
