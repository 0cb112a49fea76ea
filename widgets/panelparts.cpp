#include "panelparts.h"

#include "healthproxymodel.h"

#include <QApplication>
#include <QDataStream>
#include <QSplitter>

namespace OffsetLens::PanelParts {

QLabel *titleLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.35);
    label->setFont(font);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setTextFormat(Qt::PlainText);
    return label;
}

QLabel *factsLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString factsHtml(const QList<std::pair<QString, QString>> &facts)
{
    const QString caption = QApplication::palette().color(QPalette::PlaceholderText).name();
    QStringList parts;
    for (const auto &[name, value] : facts) {
        parts.append(QStringLiteral("<span style=\"color:%1\">%2</span>&nbsp;<b>%3</b>")
                         .arg(caption, name.toHtmlEscaped(), value.toHtmlEscaped()));
    }
    return parts.join(QStringLiteral(" &nbsp;&nbsp; "));
}

std::pair<QString, QString> clusterFact(const ClusterSnapshot &snapshot)
{
    const QString name = snapshot.profileName.isEmpty() ? snapshot.bootstrapServers : snapshot.profileName;
    return {QCoreApplication::translate("OffsetLens::PanelParts", "Cluster"),
            name.isEmpty() ? QStringLiteral("-") : name};
}

QLabel *badgeLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->hide();
    return label;
}

void setBadge(QLabel *badge, const QString &text, int health)
{
    badge->setText(text);
    badge->setVisible(!text.isEmpty());
    const QPalette palette = QApplication::palette();
    // Health 0 gets a neutral blue-grey tag: informative, not alarming.
    const QColor background = health > 0 ? HealthProxyModel::backgroundFor(health, palette)
                                         : palette.color(QPalette::AlternateBase).darker(106);
    badge->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 8px; padding: 2px 8px; }")
                             .arg(background.name(), palette.color(QPalette::Text).name()));
}

QLabel *noteLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    label->setPalette(palette);
    return label;
}

namespace {
QLabel *coloredLabel(QWidget *parent, int health)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, HealthProxyModel::foregroundFor(health, palette));
    label->setPalette(palette);
    label->hide();
    return label;
}
} // namespace

QLabel *warningLabel(QWidget *parent)
{
    return coloredLabel(parent, 1);
}

QLabel *errorLabel(QWidget *parent)
{
    return coloredLabel(parent, 2);
}

void setError(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

QByteArray saveSplitState(const QSplitter *split, const QByteArray &inner)
{
    QByteArray data;
    QDataStream out(&data, QIODevice::WriteOnly);
    out << quint32(1) << split->saveState() << inner;
    return data;
}

bool restoreSplitState(QSplitter *split, const QByteArray &state, QByteArray *inner)
{
    QDataStream in(state);
    quint32 version = 0;
    QByteArray splitState;
    in >> version >> splitState >> *inner;
    if (in.status() != QDataStream::Ok || version != 1)
        return false;
    return split->restoreState(splitState);
}

} // namespace OffsetLens::PanelParts
