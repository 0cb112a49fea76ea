#include "profilelistdelegate.h"

#include "colourtagbutton.h"

#include <QApplication>
#include <QPainter>

namespace OffsetLens {

namespace {
constexpr int kMargin = 6;
constexpr int kSwatch = 16;

QColor blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}
} // namespace

QString ProfileListDelegate::openText()
{
    return tr("Connected");
}

QSize ProfileListDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index)
    const QFontMetrics metrics(option.font);
    return {kSwatch + 3 * kMargin + metrics.horizontalAdvance(QLatin1Char('M')) * 16,
            2 * metrics.height() + 2 * kMargin};
}

void ProfileListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // The selection and focus background only; the text is drawn below.
    opt.text.clear();
    opt.icon = QIcon();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor text = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor background = opt.palette.color(group, selected ? QPalette::Highlight : QPalette::Base);
    const QColor dim = blend(text, background, 0.4);
    const bool open = index.data(OpenRole).toBool();

    painter->save();
    const QRect r = opt.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const QRect swatch(r.left(), r.top() + (r.height() - kSwatch) / 2, kSwatch, kSwatch);
    colourSwatch(index.data(ColourRole).toString(), kSwatch, dim).paint(painter, swatch);

    const int textLeft = swatch.right() + kMargin + 2;
    QFont nameFont = opt.font;
    nameFont.setBold(open);
    const QFontMetrics nameMetrics(nameFont);
    const QFontMetrics metrics(opt.font);
    int right = r.right();
    if (open) {
        // Green that reads on both the base and the selection colour of either palette: take the text colour's
        // lightness.
        const QColor green = text.lightness() > 128 ? QColor(0x7d, 0xdc, 0x8f) : QColor(0x1f, 0x7a, 0x33);
        const QString state = QStringLiteral("● ") + openText();
        const int width = metrics.horizontalAdvance(state);
        painter->setPen(green);
        painter->setFont(opt.font);
        painter->drawText(QRect(r.right() - width, r.top(), width, nameMetrics.height()), Qt::AlignRight, state);
        right -= width + kMargin;
    }
    QString name = index.data(Qt::DisplayRole).toString();
    if (index.data(ModifiedRole).toBool())
        name = tr("%1 (edited)").arg(name);
    painter->setFont(nameFont);
    painter->setPen(text);
    painter->drawText(QRect(textLeft, r.top(), right - textLeft, nameMetrics.height()), Qt::AlignLeft,
                      nameMetrics.elidedText(name, Qt::ElideRight, right - textLeft));

    QStringList second{index.data(DetailRole).toString()};
    second += index.data(BadgesRole).toStringList();
    second.removeAll(QString());
    const QString detail = second.join(QStringLiteral(" · "));
    painter->setFont(opt.font);
    painter->setPen(dim);
    const int y = r.top() + nameMetrics.height();
    painter->drawText(QRect(textLeft, y, r.right() - textLeft, metrics.height()), Qt::AlignLeft,
                      metrics.elidedText(detail, Qt::ElideMiddle, r.right() - textLeft));
    painter->restore();
}

} // namespace OffsetLens
