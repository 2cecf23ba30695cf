"""Personal data masks: names, phones, ID numbers, and numbers typed into free text."""

from __future__ import annotations

from gongjian.privacy import mask_id_number, mask_json, mask_name, mask_phone, mask_text


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
