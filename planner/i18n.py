"""Every word the planner shows in Japanese (``--lang ja``), in one place.

Column *names* are never translated (workbooks stay interchangeable); what is
translated is what a reader reads: the template's README sheet and column
descriptions, the Summary descriptions, chart titles and axes, and the map.

* ``COLUMN_DOCS_JA[(sheet, column)]``: the Japanese of ``Column.doc`` for every
  column of ``planner.io.schema.SHEETS`` (and every Settings key, under
  ``("Settings", key)``); ``SHEET_DOCS_JA[sheet]`` the Japanese of ``SheetSpec.doc``.
* ``README_TEXT[lang][key]``: the template's README lines.
* ``LABELS[lang][key]``: chart, timeline and map labels (``str.format`` fields).
* ``SUMMARY_DESCRIPTIONS[lang][metric]``: what each Summary metric means; a
  ``{0}`` stands for the part after the metric's colon (a phase or an area).

``tests/io/test_template_ja.py`` and ``tests/reports/test_lang_ja.py`` fail when
an entry is missing. This module imports nothing from the planner.
"""

from __future__ import annotations

LANGS = ("en", "ja")
"""The languages the outputs come in; ``en`` is the default everywhere."""


def check_lang(lang: str) -> str:
    """``lang`` if it is one of ``LANGS``, else ``ValueError`` (what to pass instead)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


# ---------------------------------------------------------------- the workbook (template)

SHEET_DOCS_JA: dict[str, str] = {
    "Settings": "計算全体の設定（key | value の行）。どのキーも省略可。",
    "Phases": "計画フェーズ（時系列順）と各フェーズの政策上の制約。",
    "Areas": "系統のエリア（北海道、東北、東京 など）。",
    "AreaSupply": "エリア・フェーズごとのデータセンター向け供給力、電力量単価、排出係数。",
    "Sites": "データセンターの候補地と既存サイト。",
    "Regions": "需要地域（省略時は Demand シートに現れる地域）。",
    "Demand": "地域・フェーズごとの計算需要（IT MW）。行がなければ 0。",
    "Service": "どのサイトがどの地域の需要を担えるか、その費用（シートがなければ全組合せ・費用 0）。",
    "Grid": "先行的な系統整備：サイトへの系統増強とエリア間連系線。",
    "IX": "インターネットエクスチェンジ（IX）：既存と候補。",
    "Routes": "サイトから IX への光ファイバー／APN 経路。",
    "Landings": "海底ケーブルの陸揚げ局。",
    "Cables": "海底ケーブル（IX までバックホール）。",
    "Hazards": "計画が耐えるべき災害と、災害時にも確保すべき需要の割合。",
    "HazardFootprint": "各災害で機能停止するサイト・陸揚げ局・IX。",
    "Periods": "運用モード（FORMULATION.md §4）：1年を代表する期間（順に並べる）。"
               "行があれば運用モードになる。",
    "Profiles": "運用モード：ステップごとの係数（profile・period・step ごとに1行）。",
}

_ID_JA = "ID"
_BUILD_JA = {
    "capex_mjpy": "整備の一時費用",
    "earliest_phase": "整備できる最初のフェーズ",
    "existing": "整備済み（判断不要、初めから利用可能）",
}
_LAT_LON_JA = {"lat": "緯度（WGS84）", "lon": "経度（WGS84）"}

COLUMN_DOCS_JA: dict[tuple[str, str], str] = {
    # Settings: the two columns, then every key
    ("Settings", "key"): "設定名（README シートの一覧を参照）",
    ("Settings", "value"): "設定値",
    ("Settings", "base_year"): "金額を割り引く基準年（省略時：最初のフェーズの年）",
    ("Settings", "discount_rate"): "年率の実質割引率（0.03 が 3 %）",
    ("Settings", "unserved_penalty_mjpy_per_mw_year"):
        "空欄：需要はすべて満たす；数値：この費用で需要の未充足を許す",
    ("Settings", "carbon_price_jpy_per_t"): "CO2 排出の費用（炭素価格）",
    ("Settings", "mip_gap"): "ソルバーが停止する MIP の相対ギャップ",
    ("Settings", "time_limit_s"): "ソルバーの制限時間",
    ("Settings", "threads"): "ソルバーのスレッド数（空欄：HiGHS が決める）",
    ("Settings", "random_seed"): "ソルバーの乱数シード",
    ("Settings", "operations_mip_gap"): "運用モードの MIP 相対ギャップ（空欄：mip_gap）",
    ("Settings", "operations_time_limit_s"): "運用モードのソルバー制限時間（空欄：time_limit_s）",
    # Phases
    ("Phases", "phase"): "フェーズの" + _ID_JA,
    ("Phases", "year"): "代表年（シートの下に向かって厳密に増加）",
    ("Phases", "years"): "フェーズが代表する年数（運転費の重み）",
    ("Phases", "capex_budget_mjpy"): "フェーズ内の設備投資額の上限（空欄：上限なし）",
    ("Phases", "intl_demand_tbps"): "必要な国際通信帯域",
    ("Phases", "reclaim_share"):
        "フェーズ内で解放する、実需の伴わない系統容量の確保（系統の空押さえ）の割合"
        "（Reservations シート）",
    ("Phases", "max_new_hub_share"):
        "新規 IT MW（計画開始以降）のうちハブ内サイトが占める割合の上限（空欄：上限なし）",
    ("Phases", "min_regional_ix"): "利用可能なハブ外 IX の最小数",
    ("Phases", "max_landing_zone_share"):
        "海底ケーブル容量（Tbps）のうち1つの陸揚げ地域が占める割合の上限（空欄：上限なし）",
    ("Phases", "min_clusters"): "開設するクラスター型サイトの最小数",
    ("Phases", "max_clusters"): "開設するクラスター型サイトの最大数",
    # Areas
    ("Areas", "area"): "エリアの" + _ID_JA,
    ("Areas", "name"): "表示名",
    # AreaSupply
    ("AreaSupply", "area"): "系統エリア",
    ("AreaSupply", "phase"): "フェーズ",
    ("AreaSupply", "supply_mw"): "データセンター負荷全体に使える供給力（空欄：制限なし）",
    ("AreaSupply", "energy_price_jpy_per_kwh"): "電力量単価",
    ("AreaSupply", "carbon_t_per_mwh"): "CO2 排出係数",
    ("AreaSupply", "supply_profile"):
        "運用モード：supply_mw にステップごとに掛ける Profiles の ID（空欄：1）",
    ("AreaSupply", "price_profile"):
        "運用モード：energy_price_jpy_per_kwh にステップごとに掛ける Profiles の ID（空欄：1）",
    ("AreaSupply", "surplus_mw"):
        "運用モード：系統では出力制御される再エネ電力のうち、エリア内のデータセンターが使える分",
    ("AreaSupply", "surplus_profile"):
        "運用モード：surplus_mw にステップごとに掛ける Profiles の ID（空欄：1）",
    ("AreaSupply", "surplus_price_jpy_per_kwh"): "運用モード：余剰再エネ電力の単価（CO2 排出なし）",
    # Sites
    ("Sites", "site"): "サイトの" + _ID_JA,
    ("Sites", "name"): "表示名（省略時：ID）",
    ("Sites", "name_ja"): "日本語の表示名（省略可）。--lang ja の地図と結果で name の代わりに使う",
    ("Sites", "area"): "系統エリア",
    ("Sites", "type"): "cluster（クラスター）、welcome（ウェルカムゾーン）、regional（地方分散）、"
                       "existing（既存）のいずれか",
    ("Sites", "hub"): "既存のデータセンター集積地（東京・大阪）にある",
    ("Sites", "existing_mw"): "既に稼働している IT MW",
    ("Sites", "min_mw"): "開設したら最低限置く IT MW",
    ("Sites", "max_mw"): "置ける IT MW の上限（用地・許認可）；0：容量を置けないサイト",
    ("Sites", "earliest_phase"): "開設できる最初のフェーズ",
    ("Sites", "land_ha"): "キャンパスに使える用地面積",
    ("Sites", "transport_km"): "最寄りのインターチェンジまたは空港までの距離",
    ("Sites", "ground_risk"): "地盤の安定性の区分または数値（南海トラフ、首都直下地震）",
    ("Sites", "fibre_underground"): "地中化・冗長化された通信回線がサイトに届いている",
    ("Sites", "consent"): "地元自治体の合意：agreed（合意済み）、in_talks（協議中）、none（なし）",
    ("Sites", "consent_phase"): "合意を得て開設できる最初のフェーズ（空欄：earliest_phase）",
    ("Sites", "pue"): "電力使用効率（PUE）",
    ("Sites", "load_factor"): "IT 容量の平均利用率",
    ("Sites", "fixed_cost_mjpy"): "開設の一時費用（用地、造成）",
    ("Sites", "capex_mjpy_per_mw"): "追加する IT 1 MW あたりの費用",
    ("Sites", "fom_mjpy_per_mw_year"): "IT 1 MW あたりの年間固定運転維持費",
    ("Sites", "grid_firm_mw"):
        "受電点でのデータセンター負荷全体に対するファーム型の系統接続容量（空欄：制限なし）",
    ("Sites", "grid_nonfirm_mw"):
        "サイト内の蓄電池で裏付けた場合にだけ使える追加の接続容量（非ファーム／ノンファーム型接続）",
    ("Sites", "battery_capex_mjpy_per_mw"): "蓄電池・需要柔軟性 1 MW あたりの費用",
    ("Sites", "required_routes"): "開設後にサイトが必要とする、互いに異なる光ファイバー経路の数",
    ("Sites", "cogen_max_mw"):
        "サイト内発電（コージェネレーション、ガスエンジン）の上限；蓄電池と同様に非ファーム容量を"
        "裏付ける（0：なし）",
    ("Sites", "cogen_capex_mjpy_per_mw"): "追加するサイト内発電 1 MW あたりの費用",
    ("Sites", "battery_hours"):
        "運用モード：蓄電池 1 MW あたりの蓄電量（0：蓄電池は非ファーム容量の裏付けのみ）",
    ("Sites", "battery_efficiency"): "運用モード：蓄電池の充放電効率（往復）",
    ("Sites", "cogen_fuel_jpy_per_kwh"): "運用モード：サイト内発電 1 kWh あたりの燃料費",
    ("Sites", "cogen_carbon_t_per_mwh"): "運用モード：サイト内発電 1 MWh あたりの CO2 排出量",
    ("Sites", "force"): "空欄、open（開設を固定）または closed（不開設を固定）：計画者による固定",
    # Regions
    ("Regions", "region"): "地域の" + _ID_JA,
    ("Regions", "name"): "表示名",
    ("Regions", "tbps_per_mw"):
        "経路（Service.requires_route）経由で担う地域の処理 IT 1 MW あたりの通信量",
    # Demand
    ("Demand", "region"): "地域",
    ("Demand", "phase"): "フェーズ",
    ("Demand", "demand_mw"): "需要（IT MW）",
    ("Demand", "profile"): "運用モード：demand_mw にステップごとに掛ける Profiles の ID（空欄：1）",
    ("Demand", "flexible_share"):
        "運用モード：同じ代表期間内のどのステップでも実行できる処理（柔軟な処理）の割合",
    # Service
    ("Service", "region"): "地域",
    ("Service", "site"): "サイト",
    ("Service", "cost_mjpy_per_mw_year"): "1 MW を1年間担う費用",
    ("Service", "requires_route"): "この組合せで需要を担う前に整備が必要な経路",
    ("Service", "flexible_only"):
        "運用モード：この組合せは柔軟な処理だけを担う（遅延に厳しい処理には遠すぎるサイト）",
    # Grid
    ("Grid", "project"): "整備案の" + _ID_JA,
    ("Grid", "kind"): "site（サイトのファーム接続容量を増やす）または link（エリア間連系線）",
    ("Grid", "site"): "増強するサイト（kind が site のとき）",
    ("Grid", "from_area"): "連系線の一端（kind が link のとき）",
    ("Grid", "to_area"): "連系線の一端（kind が link のとき）",
    ("Grid", "mw"): "増える容量",
    # IX
    ("IX", "ix"): "IX の" + _ID_JA,
    ("IX", "name"): "表示名",
    ("IX", "area"): "系統エリア",
    ("IX", "hub"): "既存の集積地（東京・大阪）にある",
    # Routes
    ("Routes", "route"): "経路の" + _ID_JA,
    ("Routes", "site"): "接続するサイト",
    ("Routes", "ix"): "到達する IX",
    ("Routes", "corridor"): "物理的な敷設ルート（空欄：独自のルート）",
    ("Routes", "latency_ms"): "遅延（報告のみ）",
    ("Routes", "tbps"): "この経路を必要とする Service の組合せの通信に使える容量（空欄：制限なし）",
    # Landings
    ("Landings", "landing"): "陸揚げ局の" + _ID_JA,
    ("Landings", "name"): "表示名",
    ("Landings", "zone"): "陸揚げ地域（空欄：独自の地域）",
    # Cables
    ("Cables", "cable"): "海底ケーブルの" + _ID_JA,
    ("Cables", "landing"): "陸揚げ局",
    ("Cables", "ix"): "バックホール先の IX",
    ("Cables", "tbps"): "容量",
    # Hazards
    ("Hazards", "hazard"): "災害の" + _ID_JA,
    ("Hazards", "name"): "表示名",
    ("Hazards", "survive_share"): "総需要のうち、影響範囲外のサイトで担うべき割合",
    ("Hazards", "intl_survive_share"): "国際通信需要のうち、影響範囲外の海底ケーブルで担うべき割合",
    # HazardFootprint
    ("HazardFootprint", "hazard"): "災害",
    ("HazardFootprint", "kind"): "site（サイト）、landing（陸揚げ局）または ix のいずれか",
    ("HazardFootprint", "id"): "kind が示すシートの ID",
    # Periods
    ("Periods", "period"): "代表期間の" + _ID_JA,
    ("Periods", "days"): "代表期間が1年のうちで代表する日数",
    ("Periods", "steps"): "代表期間の時間ステップ数（循環：最後の次はステップ 1）",
    ("Periods", "step_hours"): "1ステップの時間数",
    # Profiles
    ("Profiles", "profile"): "プロファイルの ID（シートの下へ繰り返す）",
    ("Profiles", "period"): "代表期間",
    ("Profiles", "step"): "ステップ（代表期間の 1..steps）",
    ("Profiles", "value"): "そのステップの係数",
}
COLUMN_DOCS_JA.update({(sheet, name): text for sheet in ("Grid", "IX", "Routes", "Cables")
                       for name, text in _BUILD_JA.items()})
COLUMN_DOCS_JA.update({(sheet, name): text for sheet in ("Sites", "Regions", "IX", "Landings")
                       for name, text in _LAT_LON_JA.items()})

README_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "wattbit-planner input workbook",
        "intro": "Fill the sheets, then run: wattbit validate THIS.xlsx, then wattbit run THIS.xlsx. "
                 "Orange headers are required, blue ones optional. Money in million JPY (MJPY), "
                 "power in MW (IT MW for site capacity and demand), bandwidth in Tbps.",
        "lang": "Column names stay in English in every language. Sites.name_ja (optional) holds a "
                "site's Japanese name: wattbit run --lang ja labels the Summary, charts and map in "
                "Japanese and names sites by name_ja where given (wattbit template --lang ja "
                "writes this sheet in Japanese).",
        "sheet": "sheet", "column": "column", "unit": "unit", "default": "default", "rule": "rule",
        "meaning": "meaning",
        "required_sheet": "required sheet", "optional_sheet": "optional sheet",
        "required": "required", "blank": "blank",
        "one_of": "one of {choices}", "id_from": "an id from {sheet}",
    },
    "ja": {
        "title": "wattbit-planner 入力ワークブック",
        "intro": "各シートに入力し、wattbit validate このファイル.xlsx で確認してから "
                 "wattbit run このファイル.xlsx で計算します。オレンジの見出しは必須、青は任意です。"
                 "金額は百万円（MJPY）、電力は MW（サイト容量と需要は IT MW）、通信帯域は Tbps。",
        "lang": "列名はどの言語でも英語のままです（ワークブックは言語によらず共通）。"
                "Sites.name_ja（任意）にサイトの日本語名を入れると、wattbit run --lang ja の "
                "Summary・グラフ・地図が日本語になり、サイト名に name_ja が使われます"
                "（英語版の README は wattbit template で出力）。",
        "sheet": "シート", "column": "列", "unit": "単位", "default": "既定値", "rule": "条件",
        "meaning": "意味",
        "required_sheet": "必須シート", "optional_sheet": "任意シート",
        "required": "必須", "blank": "空欄",
        "one_of": "{choices} のいずれか", "id_from": "{sheet} シートの ID",
    },
}

# ---------------------------------------------------------------- the results (reports)

_LABELS_EN: dict[str, str] = {
    # Charts sheet (planner/reports/charts.py)
    "chart.new_it_mw_by_area.title": "New IT capacity by area and phase [MW]",
    "chart.new_it_mw_by_area.row": "area",
    "chart.new_it_mw_by_area.y": "New IT capacity [MW]",
    "chart.capex_by_category.title": "Capex (undiscounted) by category and phase [MJPY]",
    "chart.capex_by_category.row": "category",
    "chart.capex_by_category.y": "Capex, undiscounted [MJPY]",
    "chart.intl_tbps_by_zone.title": "International capacity by landing zone and phase [Tbps]",
    "chart.intl_tbps_by_zone.row": "landing_zone",
    "chart.intl_tbps_by_zone.y": "International capacity [Tbps]",
    "chart.phase": "Phase",
    "chart.total": "total",
    # DayCharts sheet (planner/reports/operations_charts.py)
    "day.heading": "Area {area}, {phase}, period {period} [MW]",
    "day.title": "{area} {phase}, a {period} day: sources against DC load [MW]",
    "day.y": "MW",
    "day.x": "step",
    "day.step": "step",
    "day.grid_energy_mw": "grid_energy_mw",
    "day.surplus_used_mw": "surplus_used_mw",
    "day.net_import_mw": "net_import_mw",
    "day.cogen_output_mw": "cogen_output_mw",
    "day.battery_discharge_mw": "battery_discharge_mw",
    "day.dc_take_mw": "dc_take_mw",
    # Timeline sheet (planner/reports/timeline.py)
    "timeline.expand": "expand {site} {name}: {existing} → {final} MW",
    "timeline.site": "site {site} {name} +{final} MW",
    "timeline.link": "link {ends} {mw}",
    "timeline.grid_site": "grid to site {site} +{mw}",
    "timeline.ix": "IX {ix}",
    "timeline.fibre": "fibre {site} → {ix}",
    "timeline.cable": "cable {landing} → {ix} {tbps}",
    "timeline.note": "Filled from the phase an item is opened or built (solid) on; site cells show "
                     "the IT MW in that phase [MW]. Existing sites and options are not listed unless "
                     "an existing site grows (expansion).",
    # the map (planner/reports/mapping.py)
    "map.title": "Watt-Bit plan: data-centre sites, grid and telecom",
    "map.subtitle": "{n_open} sites open, {total_mw} MW IT in {last}; {n_built} grid/telecom options "
                    "built over {n_phases} phase{plural}",
    "map.inset": "Kanto (Tokyo area)",
    "map.existing_site": "existing site",
    "map.opens": "opens {phase}",
    "map.candidate": "candidate, not opened",
    "map.sites": "Sites (colour: opening phase)",
    "map.capacity": "IT capacity in {last}",
    "map.network": "Network",
    "map.link_new": "grid link between areas, new",
    "map.link_existing": "grid link, existing",
    "map.reinforcement": "site grid reinforcement",
    "map.route_new": "fibre route site→IX, new",
    "map.route_existing": "fibre route, existing",
    "map.cable_new": "cable landing→IX, new",
    "map.cable_existing": "cable, existing",
    "map.ix": "IX (purple edge: new)",
    "map.landing": "cable landing",
    "map.hazards": "Hazard footprints (assets knocked out)",
    "map.surplus": "{area}: {gwh} GWh/yr surplus absorbed",
    "map.sheet_title": "Map of the plan — sites sized by final-phase IT MW, coloured by opening phase",
    # the welcome-zone map (planner/reports/welcome_map.py)
    "welcome.band_500": "500 MW or more",
    "welcome.band_100": "100 to 500 MW",
    "welcome.band_1": "1 to 100 MW",
    "welcome.band_none": "none left",
    "welcome.no_limit": "no limit in the case",
    "welcome.area": "{area}: {left} of {supply} MW left",
    "welcome.legend": "Firm MW a new load can still connect",
    "welcome.title": "Welcome zones after the plan ({last})",
    "welcome.subtitle": "where large load can still connect without new transmission "
                        "(site: its connection and its area's supply; area: supply left at the tightest step)",
    "welcome.sheet_title": "Welcome zones after the plan — firm MW a large new load can still connect "
                           "without new transmission (Headroom sheet)",
}

_LABELS_JA: dict[str, str] = {
    "chart.new_it_mw_by_area.title": "エリア別・フェーズ別の新規 IT 容量 [MW]",
    "chart.new_it_mw_by_area.row": "エリア",
    "chart.new_it_mw_by_area.y": "新規 IT 容量 [MW]",
    "chart.capex_by_category.title": "費目別・フェーズ別の設備投資額（割引前）[百万円]",
    "chart.capex_by_category.row": "費目",
    "chart.capex_by_category.y": "設備投資額（割引前）[百万円]",
    "chart.intl_tbps_by_zone.title": "陸揚げ地域別・フェーズ別の国際通信容量 [Tbps]",
    "chart.intl_tbps_by_zone.row": "陸揚げ地域",
    "chart.intl_tbps_by_zone.y": "国際通信容量 [Tbps]",
    "chart.phase": "フェーズ",
    "chart.total": "合計",
    "day.heading": "エリア {area}、{phase}、代表期間 {period} [MW]",
    "day.title": "{area} {phase}、代表日 {period}：供給源とデータセンター負荷 [MW]",
    "day.y": "MW",
    "day.x": "ステップ",
    "day.step": "ステップ",
    "day.grid_energy_mw": "系統からの電力",
    "day.surplus_used_mw": "余剰再エネ（出力制御の回避）",
    "day.net_import_mw": "他エリアからの受電（正味）",
    "day.cogen_output_mw": "サイト内発電",
    "day.battery_discharge_mw": "蓄電池の放電",
    "day.dc_take_mw": "データセンターの負荷（充電・他エリアへの送電を含む）",
    "timeline.expand": "増設 {site} {name}：{existing} → {final} MW",
    "timeline.site": "開設 {site} {name} +{final} MW",
    "timeline.link": "エリア間連系線 {ends} {mw}",
    "timeline.grid_site": "サイト {site} への系統増強 +{mw}",
    "timeline.ix": "IX {ix}",
    "timeline.fibre": "光ファイバー {site} → {ix}",
    "timeline.cable": "海底ケーブル {landing} → {ix} {tbps}",
    "timeline.note": "開設・整備したフェーズ（濃い色）から塗り、サイトの欄にはそのフェーズの IT 容量"
                     "［MW］を示す。既存のサイトと整備済みの設備は、既存サイトが増設される場合"
                     "（expansion）を除き載せない。",
    "map.title": "ワット・ビット連携の計画：データセンター立地・系統・通信",
    "map.subtitle": "{last} 時点で {n_open} サイトが稼働、IT 容量 {total_mw} MW；"
                    "{n_phases} フェーズで系統・通信の整備 {n_built} 件",
    "map.inset": "関東（東京エリア）",
    "map.existing_site": "既存サイト",
    "map.opens": "{phase} に開設",
    "map.candidate": "候補地（開設せず）",
    "map.sites": "サイト（色：開設フェーズ）",
    "map.capacity": "{last} の IT 容量",
    "map.network": "ネットワーク",
    "map.link_new": "エリア間連系線（新設）",
    "map.link_existing": "エリア間連系線（既設）",
    "map.reinforcement": "サイトへの系統増強",
    "map.route_new": "光ファイバー経路 サイト→IX（新設）",
    "map.route_existing": "光ファイバー経路（既設）",
    "map.cable_new": "海底ケーブル 陸揚げ局→IX（新設）",
    "map.cable_existing": "海底ケーブル（既設）",
    "map.ix": "IX（紫の枠：新設）",
    "map.landing": "海底ケーブル陸揚げ局",
    "map.hazards": "災害の影響範囲（機能停止する設備）",
    "map.surplus": "{area}：余剰再エネ {gwh} GWh/年 を吸収",
    "map.sheet_title": "計画の地図 — 円の大きさは最終フェーズの IT 容量（MW）、色は開設フェーズ",
    "welcome.band_500": "500 MW 以上",
    "welcome.band_100": "100〜500 MW",
    "welcome.band_1": "1〜100 MW",
    "welcome.band_none": "空きなし",
    "welcome.no_limit": "制約なし（入力に上限がない）",
    "welcome.area": "{area}：供給力 {supply} MW のうち残り {left} MW",
    "welcome.legend": "新たな大規模需要がまだ接続できるファーム容量（MW）",
    "welcome.title": "計画後のウェルカムゾーン（{last}）",
    "welcome.subtitle": "送電線の新増設なしに大規模需要がまだ接続できる場所"
                        "（サイト：接続容量とエリアの供給力；エリア：最も厳しいステップでの供給力の残り）",
    "welcome.sheet_title": "計画後のウェルカムゾーンマップ — 送電線の新増設なしに大規模需要がまだ接続"
                           "できるファーム容量（Headroom シート）",
}

LABELS: dict[str, dict[str, str]] = {"en": _LABELS_EN, "ja": _LABELS_JA}


def label(key: str, lang: str = "en", **fields: object) -> str:
    """The label ``key`` in ``lang``, its ``{fields}`` filled."""
    text = LABELS[check_lang(lang)][key]
    return text.format(**fields) if fields else text


SUMMARY_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "en": {
        "status": "solver status of the plan",
        "objective_mjpy": "total cost, present value",
        "best_bound_mjpy": "the solver's lower bound on the total cost",
        "gap_percent": "relative gap between the cost and its bound",
        "build_seconds": "time to build the model",
        "solve_seconds": "time to solve the model",
        "sites_open_last_phase": "sites open in the last phase",
        "it_mw_last_phase": "IT capacity in the last phase",
        "new_it_mw_total": "IT capacity added over all phases",
        "capex_undiscounted_mjpy": "capex over all phases, undiscounted",
        "unserved_mw_max_phase": "unserved demand in the worst phase",
        "new_it_mw_outside_hubs": "new IT capacity outside the Tokyo/Osaka hubs ({0})",
        "new_it_share_outside_hubs": "share of new IT capacity outside the hubs ({0})",
        "site_capex_outside_hubs_mjpy": "site capex outside the hubs ({0})",
        "areas_gaining_capacity": "grid areas gaining DC capacity ({0})",
        "surplus_absorbed_gwh_per_year": "surplus renewables the DCs absorb, last phase",
        "surplus_absorbed_share": "share of the available surplus renewables absorbed, last phase",
        "flexible_moved_gwh_per_year": "flexible work moved in time, last phase",
        "flexible_only_served_gwh_per_year": "work served at flexible-only sites, last phase",
        "grid_peak_mw": "peak grid energy of area {0}'s DCs, last phase",
        "grid_mean_mw": "mean grid energy of area {0}'s DCs, last phase",
        "battery_throughput_gwh_per_year": "battery discharge, last phase",
        "energy_cost_grid_mjpy_last_phase": "cost of grid energy in the last phase, per year",
        "energy_cost_surplus_mjpy_last_phase": "cost of surplus energy in the last phase, per year",
        "energy_cost_cogeneration_mjpy_last_phase": "fuel cost of on-site generation in the last phase, per year",
        "message": "a note from the planner or the solver",
    },
    "ja": {
        "status": "計算結果の状態（optimal：最適解、time_limit：制限時間で打切り など）",
        "objective_mjpy": "総費用（現在価値）",
        "best_bound_mjpy": "ソルバーが示す総費用の下限",
        "gap_percent": "総費用と下限の相対ギャップ",
        "build_seconds": "モデル構築の時間",
        "solve_seconds": "求解の時間",
        "sites_open_last_phase": "最終フェーズで稼働するサイト数",
        "it_mw_last_phase": "最終フェーズの IT 容量",
        "new_it_mw_total": "全フェーズで追加する IT 容量",
        "capex_undiscounted_mjpy": "全フェーズの設備投資額（割引前）",
        "unserved_mw_max_phase": "最も厳しいフェーズの未充足需要",
        "new_it_mw_outside_hubs": "東京・大阪の集積地以外での新規 IT 容量（{0}）",
        "new_it_share_outside_hubs": "新規 IT 容量のうち集積地以外の割合（{0}）",
        "site_capex_outside_hubs_mjpy": "集積地以外のサイトの設備投資額（{0}）",
        "areas_gaining_capacity": "データセンター容量が増える系統エリアの数（{0}）",
        "surplus_absorbed_gwh_per_year": "データセンターが吸収する余剰再エネ電力量（最終フェーズ）",
        "surplus_absorbed_share": "利用可能な余剰再エネのうち吸収した割合（最終フェーズ）",
        "flexible_moved_gwh_per_year": "時間をずらして実行した柔軟な処理（最終フェーズ）",
        "flexible_only_served_gwh_per_year": "柔軟な処理専用のサイトで担った処理（最終フェーズ）",
        "grid_peak_mw": "エリア {0} のデータセンターの系統電力のピーク（最終フェーズ）",
        "grid_mean_mw": "エリア {0} のデータセンターの系統電力の平均（最終フェーズ）",
        "battery_throughput_gwh_per_year": "蓄電池の放電電力量（最終フェーズ）",
        "energy_cost_grid_mjpy_last_phase": "系統電力の年間費用（最終フェーズ）",
        "energy_cost_surplus_mjpy_last_phase": "余剰再エネ電力の年間費用（最終フェーズ）",
        "energy_cost_cogeneration_mjpy_last_phase": "サイト内発電の年間燃料費（最終フェーズ）",
        "message": "計画・ソルバーからの注記（原文は英語）",
    },
}


def summary_description(metric: str, lang: str) -> str:
    """What the Summary row ``metric`` (``name`` or ``name:phase``) means, in ``lang``; "" if unknown."""
    name, _, part = str(metric).partition(":")
    text = SUMMARY_DESCRIPTIONS[check_lang(lang)].get(name, "")
    return text.format(part) if part else text.replace("（{0}）", "").replace(" ({0})", "")
