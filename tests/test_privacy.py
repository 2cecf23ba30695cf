"""Personal data masks: names, phones, ID numbers, and numbers typed into free text."""

from __future__ import annotations

import json

import orjson
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gongjian.privacy import (
    mask_id_number,
    mask_json,
    mask_name,
    mask_phone,
    mask_text,
    may_hold_personal_data,
)


def test_masks() -> None:
    assert (mask_name("张三明"), mask_name("李四"), mask_name("欧阳娜娜"), mask_name("王")) == (
        "张*明",
        "李*",
        "欧**娜",
        "*",
    )
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0871-63123456") == "0871-****3456"
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_free_text_and_nested_nodes() -> None:
    text = "请联系王阿姨13812345678，身份证11010519491231002X；社区代码530111001001"
    assert mask_text(text) == "请联系王阿姨138****5678，身份证110105********002X；社区代码530111001001"
    got = mask_json(
        {
            "matches": [{"path": [{"label": "Person", "id": "PS-1", "name": "王建华"}]}],
            "unit": {"label": "Unit", "name": "医院", "contact": "张三明", "phone": "13812345678"},
            "need": {
                "label": "Need",
                "id": "13812345678",
                "description": "电话13812345678",
                "备注": "13812345678",
            },
        }
    )
    assert got["matches"][0]["path"][0]["name"] == "王*华"
    assert got["unit"] == {"label": "Unit", "name": "医院", "contact": "张*明", "phone": "138****5678"}
    assert got["need"]["description"] == "电话138****5678" and got["need"]["备注"] == "138****5678"
    assert got["need"]["id"] == "13812345678"  # keys are not free text


def test_numbers_typed_in_full_width_digits_are_masked_too() -> None:
    # a Chinese input method types full-width digits unless switched
    assert mask_text("电话１３８１２３４５６７８，身份证１１０１０５１９４９１２３１００２Ｘ") == (
        "电话１３８****５６７８，身份证１１０１０５********００２Ｘ"
    )
    twelve_digits = "订单号１３８１２３４５６７８９"  # not a phone
    assert mask_text(twelve_digits) == twelve_digits


# Values shaped like answers: node dicts with personal labels and properties, free text
# with phone numbers (also in full-width digits), member types, and anything else.
_keys = st.sampled_from(
    # with keys that hold a quote, so that their JSON looks like '"备注\\"id":"138…"'
    ["label", "name", "contact", "phone", "id_number", "member_type", "description", "备注", "id", "path"]
    + ["unit", "note", 'x"id', '备注"id', "Id"]
    + ["负责人", "备用手机", "backup_phone", "source", "area"]
) | st.text(max_size=6)
_texts = (
    st.sampled_from(
        [
            "Person",
            "person",
            "Unit",
            "Need",
            "张三明",
            "13812345678",
            "１３８１２３４５６７８",
            "电话 13812345678 联系",
            "\n13812345678",
            '"\t11010519491231002X',
            "12530100279620361G",
            "125301002796203619",
            "138-1234-5678",
            "138 1234 5678",
            "(138)12345678",
            "087165555555",
            "5301 1119 8001 0112 33",
            "530111-19800101-1233",
            "+86-139-8765-4321",
        ]
    )
    | st.text(max_size=20)
    | st.from_regex(r"[0-9]{9,19}", fullmatch=True)
    | st.from_regex(r"\+?[0-9( ]{1,5}[-) ]?[0-9]{3,4}[- ]?[0-9]{4,9}", fullmatch=True)
)
_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(value=_values)
@example({"description": "13812345678"})  # a number that is a free-text value whole
@example({"备注": "11010519491231002X", "id": "13812345678"})
@example({"note": "\n１３８１２３４５６７８"})
@example({'备注"id': "13812345678"})
@example({"description": "138-1234-5678"})
@example({"负责人": 13812345678})
@example({"area": "5301 1119 8001 0112 33"})
def test_an_answer_said_to_hold_no_personal_data_is_one_masking_leaves_alone(value: object) -> None:
    for text in (
        orjson.dumps(value),
        json.dumps(value, ensure_ascii=True).encode(),
        json.dumps(value, ensure_ascii=False, indent=1).encode(),
    ):
        if not may_hold_personal_data(text):
            assert mask_json(value) == value, text


def test_answers_without_personal_data_are_recognised() -> None:
    plain = {"unit": {"label": "Unit", "name": "医院"}, "need": {"label": "Need", "description": "门牌 12号"}}
    assert not may_hold_personal_data(orjson.dumps(plain))
    for personal in (
        {"unit": {"label": "Unit", "name": "医院", "phone": "0871-63123456"}},
        {"path": [{"label": "Person", "name": "王建华"}]},
        {"member": {"member_type": "person", "name": "王建华"}},
        {"need": {"label": "Need", "description": "电话１３８１２３４５６７８"}},
    ):
        assert may_hold_personal_data(orjson.dumps(personal)), personal
        assert mask_json(personal) != personal


def test_numbers_written_with_separators_are_masked_in_text() -> None:
    for written, masked in {
        "138-1234-5678": "138-****-5678",
        "138 1234 5678": "138 **** 5678",
        "(138)12345678": "(138)****5678",
        "087165555555": "0871****5555",
        "5301 1119 8001 0112 33": "5301 11** **** **12 33",
        "530111-19800101-1233": "530111-********-1233",
        "+86-139-8765-4321": "+86-139-****-4321",
    }.items():
        assert mask_text(f"电话：{written}。") == f"电话：{masked}。"
    for plain in ("2023-05-01", "530111001001", "N-20231105-ab12", "1000-2000 人", "订单号13812345678901"):
        assert mask_text(plain) == plain


def test_columns_named_for_personal_data_are_masked_whatever_they_hold() -> None:
    got = mask_json(
        {
            "负责人": "周星驰",
            "备用手机": "138 1234 5678",
            "联系人电话": 13812345678,
            "backup_phone": "0871-63123456",
        }
    )
    assert got == {
        "负责人": "周*驰",
        "备用手机": "138 **** 5678",
        "联系人电话": "138****5678",
        "backup_phone": "0871-****3456",
    }
    assert may_hold_personal_data(orjson.dumps({"负责人": "周星驰"}))
    assert may_hold_personal_data(orjson.dumps({"description": "138 1234 5678"}))
