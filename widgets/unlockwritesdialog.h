#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace OffsetLens {

// Asks before a production cluster may be written for the rest of this run. It names the cluster, says what
// unlocking allows, and enables Unlock only once the cluster's name is typed exactly, so it is never a
// one-click accident (Enter and a stray click both land on Cancel until then).
class UnlockWritesDialog : public QDialog
{
    Q_OBJECT
public:
    UnlockWritesDialog(const QString &clusterName, const QString &bootstrapServers, QWidget *parent = nullptr);

    QString clusterName() const { return m_clusterName; }
    QLineEdit *nameEdit() const { return m_name; }
    QPushButton *unlockButton() const { return m_unlock; }

private:
    QString m_clusterName;
    QLineEdit *m_name;
    QPushButton *m_unlock;
    QPushButton *m_cancel;
};

} // namespace OffsetLens
