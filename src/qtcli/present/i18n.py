"""Labels and names in the reader's language.

Three display modes: 'zh' (Chinese only), 'en' (English only) and 'both' (the
default: Chinese with English names alongside). A name or text missing in the
chosen language falls back to the other one, marked so the reader knows.
"""

from __future__ import annotations

from qtcli.factbase.model import Name, Text

LANGS = ("zh", "en")

LABELS: dict[str, tuple[str, str]] = {
    "region": ("地区", "region"),
    "park": ("园区/平台", "park/platform"),
    "company": ("企业", "company"),
    "org": ("机构", "organisation"),
    "metric": ("指标", "metric"),
    "fact": ("事实", "fact"),
    "observation": ("数据", "figure"),
    "source": ("来源", "source"),
    "aliases": ("别名", "aliases"),
    "sector": ("行业", "sector"),
    "focus": ("主导产业", "focus industries"),
    "located": ("所在", "located in"),
    "level": ("级别", "level"),
    "type": ("类型", "type"),
    "note": ("说明", "note"),
    "related": ("关联", "related"),
    "facts": ("事实", "facts"),
    "observations": ("数据", "figures"),
    "members": ("所属/下辖", "in it"),
    "other_matches": ("其他匹配", "other matches"),
    "matched": ("匹配", "matched"),
    "when": ("时间", "when"),
    "value": ("数值", "value"),
    "subject": ("对象", "subject"),
    "quote": ("原文", "quote"),
    "unit": ("单位", "unit"),
    "definition": ("定义", "definition"),
    "conflict": ("⚠ 来源不一致", "⚠ sources disagree"),
    "misprint": ("原文印误", "misprint in source"),
    "undated": ("未注明", "undated"),
    "relation": ("关系", "relation"),
    "name": ("名称", "name"),
    "kind": ("类别", "kind"),
    "score": ("得分", "score"),
    "how": ("方式", "how"),
    "id": ("ID", "id"),
    "title": ("标题", "title"),
    "authors": ("作者", "authors"),
    "date": ("日期", "date"),
    "date_basis": ("日期依据", "how dated"),
    "file": ("文件", "file"),
    "sha256": ("SHA-256", "sha256"),
    "results": ("结果", "results"),
    "filters": ("条件", "filters"),
    "year": ("年份", "year"),
    "no_year_data": (
        "无该年数据,以下为未注明年份的数据",
        "no figure for that year; these are undated",
    ),
    "count": ("数量", "count"),
    "bar": ("图示", "chart"),
    "period": ("时期", "period"),
    "en_name": ("英文名", "English name"),
    "understood": ("理解为", "read as"),
    "alternatives": ("其他答案", "other answers"),
    "pinyin": ("拼音转写,非通用英文名", "pinyin rendering; not an established English name"),
    "translated": ("意译,非通用英文名", "our translation; not an established English name"),
    "companies": ("企业", "companies"),
    "parks": ("园区/平台", "parks and platforms"),
    "regions": ("地区", "regions"),
    "orgs": ("机构", "organisations"),
    "metrics": ("指标", "metrics"),
    "sources": ("来源", "sources"),
}

# The fact base's controlled vocabularies, by field: every value validate.py allows has a
# label in both languages (a test checks), so the Chinese screen never shows 'development-zone'.
VOCABULARY: dict[str, dict[str, tuple[str, str]]] = {
    "level": {  # regions
        "country": ("国家", "country"),
        "province": ("省", "province"),
        "city": ("市", "city"),
        "district": ("区", "district"),
        "county-city": ("县级市", "county-level city"),
        "subdistrict": ("街道", "subdistrict"),
        "area": ("区域", "area"),  # 长三角, 杭州湾, 欧洲
        "river": ("河流", "river"),
    },
    "park_type": {
        "development-zone": ("开发区", "development zone"),
        "sub-area": ("片区", "sub-area"),
        "project": ("项目", "project"),
        "platform": ("平台", "platform"),
        "landmark": ("地标", "landmark"),
        "town": ("小镇", "town"),
        "science-city": ("科学城", "science city"),
        "industrial-park": ("产业园", "industrial park"),
        "higher-education-park": ("高教园区", "higher-education park"),
        "bonded-zone": ("保税区", "bonded zone"),
        "ftz-area": ("自贸区片区", "free trade zone area"),
        "pilot-zone": ("试验区", "pilot zone"),
        "new-city": ("新城", "new city"),
        "planning-belt": ("规划带", "planning belt"),
        "industrial-building": ("产业楼宇", "industrial building"),
        "green-space": ("绿地", "green space"),
    },
    "org_type": {
        "university": ("高校", "university"),
        "institute": ("研究机构", "institute"),
        "agency": ("政府部门", "government agency"),
        "alliance": ("联盟", "alliance"),
        "exchange": ("交易所", "exchange"),
        "platform": ("平台", "platform"),
        "other": ("其他", "other"),
    },
    "kind": {  # entity kinds
        "region": LABELS["region"],
        "park": LABELS["park"],
        "company": LABELS["company"],
        "org": LABELS["org"],
    },
    "metric_kind": {
        "amount": ("数额", "amount"),
        "count": ("数量", "count"),
        "share": ("占比", "share"),
        "growth": ("增速", "growth"),
        "rank": ("排名", "rank"),
        "index": ("指数", "index"),
        "ratio": ("比率", "ratio"),
        "duration": ("时长", "duration"),
        "area": ("面积", "area"),
        "multiple": ("倍数", "multiple"),
        "streak": ("连续年数", "years running"),
        "change": ("变化", "change"),
        "ordinal": ("序次", "ordinal"),
    },
    "relation": {  # how a member belongs to what it is listed under
        "park": ("位于该园区", "in the park"),
        "region": ("位于该地区", "in the region"),
        "parent": ("下属", "part of it"),
        "related": ("关联", "related"),
    },
}

HOW_WORDS: dict[str, tuple[str, str]] = {
    "name": ("名称完全匹配", "exact name"),
    "en": ("英文名完全匹配", "exact English name"),
    "id": ("ID 完全匹配", "exact id"),
    "alias": ("别名完全匹配", "exact alias"),
    "stripped": ("去后缀匹配", "name without corporate suffix"),
    "pinyin": ("拼音匹配", "pinyin"),
    "initials": ("拼音首字母匹配", "pinyin initials"),
    "acronym": ("英文首字母缩写匹配", "English initials"),
    "prefix": ("前缀匹配", "prefix"),
    "substring": ("部分匹配", "part of name"),
    "contains": ("包含名称", "query contains name"),
    "homophone": ("同音字匹配", "homophone"),
    "fuzzy": ("近似匹配", "fuzzy"),
    "abbreviation": ("简称匹配", "short form"),
    "described": ("名称加描述词匹配", "name with words describing it"),
    "mixed": ("中英混合匹配", "mixed Chinese and English"),
    "words": ("词语匹配", "matching words"),
    "question": ("按问题读出的指标", "the metric the question asks for"),
    "text": ("文本匹配", "text"),
    "title": ("标题匹配", "title"),
    "quote": ("原文匹配", "quote"),
    "sector": ("行业匹配", "sector"),
    "focus": ("主导产业匹配", "focus industry"),
}


def label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return en if lang == "en" else zh


def term(field: str, value: str, lang: str) -> str:
    """A vocabulary value in the reader's language: ('park_type', 'development-zone') → 开发区.
    A value the table does not know (from another fact base) is shown as it is."""
    zh, en = VOCABULARY[field].get(value, (value, value))
    return en if lang == "en" else zh


def entity_class(kind: str, level: str | None, type: str | None, lang: str) -> str:
    """What an entity is, finer than its kind: a region's level, a park's or org's type."""
    if level:
        return term("level", level, lang)
    if type:
        return term("org_type" if kind == "org" else "park_type", type, lang)
    return ""


def labels(lang: str, *keys: str) -> list[str]:
    """Column headings in the language asked."""
    return [label(key, lang) for key in keys]


def how_text(how: str, lang: str) -> str:
    zh, en = HOW_WORDS.get(how, (how, how))
    return en if lang == "en" else zh


def _pick(zh: str, en: str, lang: str) -> str:
    if lang == "en":
        return en if en.strip() else f"{zh} [zh]"
    return zh if zh.strip() else f"{en} [en]"


def name_text(name: Name | Text, mode: str) -> str:
    """A name for display: 'both' gives '中策橡胶 (Zhongce Rubber)'."""
    if mode == "both":
        zh, en = name.zh.strip(), name.en.strip()
        if zh and en and zh != en:
            return f"{zh} ({en})"
        return zh or en
    return _pick(name.zh, name.en, mode)


def text_of(text: Text, mode: str) -> str:
    """A fact text: the chosen language; 'both' shows Chinese (English is one --lang en away)."""
    return _pick(text.zh, text.en, "en" if mode == "en" else "zh")


def lang_of(mode: str) -> str:
    """The language of labels and wording for a display mode."""
    return "en" if mode == "en" else "zh"
