#pragma once

#include "resetaudit.h"

#include <QDialog>

class QLabel;
class QTableWidget;

namespace OffsetLens {

// The audit log of applied writes (resets, undos, deletes), newest first; selecting an entry shows its partitions
// before → after with the outcome. Read-only: the log itself lives in the app-data folder, "Open folder" asks the
// app to show it.
class AuditLogDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AuditLogDialog(const QList<ResetAuditEntry> &entries, QWidget *parent = nullptr);

    QTableWidget *entriesTable() const { return m_entries; }
    QTableWidget *rowsTable() const { return m_rows; }

Q_SIGNALS:
    void openFolderRequested();

private:
    void showEntry(int index);

    QList<ResetAuditEntry> m_list; // newest first
    QTableWidget *m_entries;
    QTableWidget *m_rows;
    QLabel *m_detail;
};

} // namespace OffsetLens
