#pragma once

#include <QLineEdit>
#include <QPointer>

namespace OffsetLens {

// The filter box above every list: a clear button, Escape clears it, Down/Return moves the focus into the list.
class FilterLineEdit : public QLineEdit
{
    Q_OBJECT

public:
    explicit FilterLineEdit(const QString &placeholder, QWidget *parent = nullptr);

    // The view that receives the focus on Down/Return.
    void setTarget(QWidget *target) { m_target = target; }

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QPointer<QWidget> m_target;
};

} // namespace OffsetLens
