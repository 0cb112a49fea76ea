#pragma once

#include <QTableView>

namespace OffsetLens {

// The selected rows as tab-separated text: a header line, then one line per selected row, visible columns in their
// on-screen order, the displayed text of each cell. Pastes cleanly into spreadsheets and terminals.
QString selectedRowsAsTsv(const QTableView *view);

// A read-only table set up the way every OffsetLens table behaves: whole-row extended selection, sortable
// headers (starting unsorted, in the model's order), Ctrl+C and a context menu "Copy" for the selected rows.
class CopyableTableView : public QTableView
{
    Q_OBJECT

public:
    explicit CopyableTableView(QWidget *parent = nullptr);

    QAction *copyAction() const { return m_copyAction; }

    // Widens every column whose header text (plus the sort arrow) does not fit; call after setting widths.
    void fitColumnsToHeaders();

    // Column widths, order and the sort column/order, for the app to persist (QSettings).
    QByteArray saveHeaderState() const;
    bool restoreHeaderState(const QByteArray &state);

public Q_SLOTS:
    void copySelection();

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    QAction *m_copyAction;
};

} // namespace OffsetLens
