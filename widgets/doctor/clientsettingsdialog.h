#pragma once

#include "diagnosisinput.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QSpinBox;

namespace OffsetLens {

// Tells the doctor what one group's consumers use: auto.offset.reset and how they commit. The brokers never see
// these client settings, so the doctor otherwise shows every outcome; once told, its explanations say what will
// actually happen to this group. "Not known" everywhere forgets the group.
class ClientSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    ClientSettingsDialog(const QString &groupId, const ClientAssumptions &current, QWidget *parent = nullptr);

    ClientAssumptions client() const;

    QComboBox *resetPolicyBox() const { return m_policy; } // tests
    QComboBox *commitModeBox() const { return m_mode; }
    QSpinBox *intervalBox() const { return m_interval; }

private:
    void setClient(const ClientAssumptions &client);
    void updateState();

    QComboBox *m_policy;
    QComboBox *m_mode;
    QSpinBox *m_interval;
    QLabel *m_summary;
};

} // namespace OffsetLens
