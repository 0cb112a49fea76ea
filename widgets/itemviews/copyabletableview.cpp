#include "copyabletableview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QLocale>
#include <QMenu>

#include <algorithm>

namespace OffsetLens {

QString selectedRowsAsTsv(const QTableView *view)
{
    const QAbstractItemModel *model = view->model();
    if (!model || !view->selectionModel())
        return {};
    const QHeaderView *header = view->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    QList<int> rows;
    for (const QModelIndex &index : view->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    if (rows.isEmpty())
        return {};

    // Tabs and newlines inside a cell would break the layout: flatten them. Numbers are shown with the locale's
    // group separators ("120,344"); on the clipboard they go plain, so a spreadsheet in any locale reads them as
    // the same number (a German one would take "120,344" for 120.344).
    const QLocale locale;
    const auto clean = [&locale](QString text) -> QString {
        bool isNumber = false;
        const qlonglong number = locale.toLongLong(text, &isNumber);
        if (isNumber)
            return QString::number(number);
        text.replace(QLatin1Char('\t'), QLatin1Char(' '));
        text.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return text;
    };
    QStringList lines;
    QStringList cells;
    for (const int column : std::as_const(columns))
        cells.append(clean(model->headerData(column, Qt::Horizontal).toString()));
    lines.append(cells.join(QLatin1Char('\t')));
    for (const int row : std::as_const(rows)) {
        cells.clear();
        for (const int column : std::as_const(columns))
            cells.append(clean(model->index(row, column).data().toString()));
        lines.append(cells.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

CopyableTableView::CopyableTableView(QWidget *parent)
    : QTableView(parent)
    , m_copyAction(new QAction(tr("&Copy"), this))
{
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setTabKeyNavigation(false); // Tab leaves the table, arrows move inside it
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Start unsorted, in the model's own order (the CLI's order for group offsets); a third click on a header
    // returns to it.
    horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    horizontalHeader()->setSortIndicatorClearable(true);
    setSortingEnabled(true);

    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyAction, &QAction::triggered, this, &CopyableTableView::copySelection);
    addAction(m_copyAction);
}

void CopyableTableView::copySelection()
{
    const QString text = selectedRowsAsTsv(this);
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void CopyableTableView::fitColumnsToHeaders()
{
    QHeaderView *header = horizontalHeader();
    for (int section = 0; section < header->count(); ++section)
        header->resizeSection(section, std::max(header->sectionSize(section), header->sectionSizeHint(section)));
}

QByteArray CopyableTableView::saveHeaderState() const
{
    return horizontalHeader()->saveState();
}

bool CopyableTableView::restoreHeaderState(const QByteArray &state)
{
    if (state.isEmpty() || !horizontalHeader()->restoreState(state))
        return false;
    // The header remembers the sort indicator; make the (proxy) model follow it.
    sortByColumn(horizontalHeader()->sortIndicatorSection(), horizontalHeader()->sortIndicatorOrder());
    return true;
}

void CopyableTableView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    m_copyAction->setEnabled(selectionModel() && selectionModel()->hasSelection());
    menu.addAction(m_copyAction);
    menu.exec(event->globalPos());
    m_copyAction->setEnabled(true);
}

} // namespace OffsetLens
