"""Chinese place names: hanzi -> pinyin, and the other spellings the lists use.

Chinese company and agency names start with the place they are registered in
(北京商汤科技 "Beijing Shangtang Technology", 阿克苏华孚 "Aksu Huafu"). A place inside a
company name is weak evidence of identity, so the matcher tags it (``TokenKind.PLACE``)
in both scripts: ``chinese.analyze_chinese`` reads the hanzi with ``CHINESE_PLACES`` and
``places.match_place`` recognises the Latin spelling with ``CHINESE_PLACE_PINYIN``.

The lists do not spell every place in pinyin. Uyghur, Tibetan and Mongolian place names
have conventional spellings (乌鲁木齐 Urumqi, 喀什 Kashgar, 阿克苏 Aksu or Akesu, 和田
Hotan or Hetian), some cities keep a postal spelling (北京 Peking, 厦门 Amoy) and Taiwan
uses Wade-Giles (高雄 Kaohsiung). ``CHINESE_PLACE_SPELLINGS`` gives them, so that
"Akesu" and "Aksu" can be compared equal through ``canonical_place``.

The table covers the 34 provincial-level divisions, the prefecture-level divisions
(cities, prefectures, autonomous prefectures, leagues) and the districts, counties and
county-level cities that appear in the lists' names (above all in Xinjiang). Names that are
more often a trade name than a place are left out on purpose: 阿里 Ngari (Alibaba), 东方
Dongfang, 中卫 Zhongwei (中微 AMEC), 福田 Futian (Foton), 金山 Jinshan (Kingsoft), 吉安 Ji'an
(the given name Jian), 光明, 新星, 白杨. The table was written for entitywatch from general
knowledge of China's administrative divisions.

Line format: ``hanzi pinyin [=english] [other spellings...]``; ``=english`` marks the
spelling English texts use in place of the pinyin (``=urumqi``).
"""

from __future__ import annotations

from dataclasses import dataclass

_TABLE = """
# --- China and the provinces [省]
中国 zhongguo =china +
中华人民共和国 zhongguo =china +
北京 beijing peking peiping +市
天津 tianjin tientsin +市
上海 shanghai +市
重庆 chongqing chungking +市
河北 hebei hopeh
山西 shanxi shansi
辽宁 liaoning
吉林 jilin kirin
黑龙江 heilongjiang
江苏 jiangsu kiangsu
浙江 zhejiang chekiang
安徽 anhui anhwei
福建 fujian fukien
江西 jiangxi kiangsi
山东 shandong shantung
河南 henan honan
湖北 hubei hupeh
湖南 hunan
广东 guangdong kwangtung
海南 hainan
四川 sichuan szechuan szechwan
贵州 guizhou kweichow
云南 yunnan
陕西 shaanxi shensi
甘肃 gansu kansu
青海 qinghai tsinghai
台湾 taiwan formosa
内蒙古 neimenggu =innermongolia neimongol +自治区
广西 guangxi kwangsi +壮族自治区 +自治区
西藏 xizang =tibet +自治区
宁夏 ningxia +回族自治区 +自治区
新疆 xinjiang sinkiang +维吾尔自治区 +自治区
香港 xianggang =hongkong +特别行政区
澳门 aomen =macau macao +特别行政区
# --- Hebei [市]
石家庄 shijiazhuang
唐山 tangshan
秦皇岛 qinhuangdao
邯郸 handan
邢台 xingtai
保定 baoding
张家口 zhangjiakou
承德 chengde
沧州 cangzhou
廊坊 langfang
衡水 hengshui
# --- Shanxi [市]
太原 taiyuan
大同 datong
阳泉 yangquan
长治 changzhi
晋城 jincheng
朔州 shuozhou
晋中 jinzhong
运城 yuncheng
忻州 xinzhou
临汾 linfen
吕梁 luliang lvliang lyuliang
# --- Inner Mongolia [市]
呼和浩特 huhehaote =hohhot huhhot
包头 baotou
乌海 wuhai
赤峰 chifeng
通辽 tongliao
鄂尔多斯 eerduosi =ordos
呼伦贝尔 hulunbeier =hulunbuir
巴彦淖尔 bayannaoer =bayannur
乌兰察布 wulanchabu =ulanqab
兴安 xingan =hinggan +盟
锡林郭勒 xilinguole =xilingol +盟
阿拉善 alashan =alxa +盟
二连浩特 erlianhaote =erenhot
满洲里 manzhouli
# --- Liaoning [市]
沈阳 shenyang mukden
大连 dalian dairen
鞍山 anshan
抚顺 fushun
本溪 benxi
丹东 dandong
锦州 jinzhou
营口 yingkou
阜新 fuxin
辽阳 liaoyang
盘锦 panjin
铁岭 tieling
朝阳 chaoyang
葫芦岛 huludao
# --- Jilin [市]
长春 changchun
四平 siping
辽源 liaoyuan
通化 tonghua
白山 baishan
松原 songyuan
白城 baicheng
延边 yanbian +朝鲜族自治州
珲春 hunchun
# --- Heilongjiang [市]
哈尔滨 haerbin =harbin
齐齐哈尔 qiqihaer =qiqihar
鸡西 jixi
鹤岗 hegang
双鸭山 shuangyashan
大庆 daqing
伊春 yichun
佳木斯 jiamusi
七台河 qitaihe
牡丹江 mudanjiang
黑河 heihe
绥化 suihua
大兴安岭 daxinganling +地区
# --- Jiangsu [市]
南京 nanjing nanking
无锡 wuxi
徐州 xuzhou
常州 changzhou
苏州 suzhou soochow
南通 nantong
连云港 lianyungang
淮安 huaian
盐城 yancheng
扬州 yangzhou
镇江 zhenjiang
泰州 taizhou
宿迁 suqian
昆山 kunshan
江阴 jiangyin
张家港 zhangjiagang
常熟 changshu
太仓 taicang
宜兴 yixing
# --- Zhejiang [市]
杭州 hangzhou hangchow
宁波 ningbo
温州 wenzhou
嘉兴 jiaxing
湖州 huzhou
绍兴 shaoxing
金华 jinhua
衢州 quzhou
舟山 zhoushan
台州 taizhou
丽水 lishui
义乌 yiwu
慈溪 cixi
余姚 yuyao
诸暨 zhuji
海宁 haining
# --- Anhui [市]
合肥 hefei
芜湖 wuhu
蚌埠 bengbu
淮南 huainan
马鞍山 maanshan
淮北 huaibei
铜陵 tongling
安庆 anqing
黄山 huangshan
滁州 chuzhou
阜阳 fuyang
宿州 suzhou
六安 luan
亳州 bozhou
池州 chizhou
宣城 xuancheng
# --- Fujian [市]
福州 fuzhou foochow
厦门 xiamen amoy
莆田 putian
三明 sanming
泉州 quanzhou
漳州 zhangzhou
南平 nanping
龙岩 longyan
宁德 ningde
晋江 jinjiang
石狮 shishi
# --- Jiangxi [市]
南昌 nanchang
景德镇 jingdezhen
萍乡 pingxiang
九江 jiujiang
新余 xinyu
鹰潭 yingtan
赣州 ganzhou
宜春 yichun
抚州 fuzhou
上饶 shangrao
# --- Shandong [市]
济南 jinan
青岛 qingdao tsingtao
淄博 zibo
枣庄 zaozhuang
东营 dongying
烟台 yantai
潍坊 weifang
济宁 jining
泰安 taian
威海 weihai
日照 rizhao
临沂 linyi
德州 dezhou
聊城 liaocheng
滨州 binzhou
菏泽 heze
# --- Henan [市]
郑州 zhengzhou
开封 kaifeng
洛阳 luoyang
平顶山 pingdingshan
安阳 anyang
鹤壁 hebi
新乡 xinxiang
焦作 jiaozuo
濮阳 puyang
许昌 xuchang
漯河 luohe
三门峡 sanmenxia
南阳 nanyang
商丘 shangqiu
信阳 xinyang
周口 zhoukou
驻马店 zhumadian
济源 jiyuan
# --- Hubei [市]
武汉 wuhan
黄石 huangshi
十堰 shiyan
宜昌 yichang
襄阳 xiangyang
鄂州 ezhou
荆门 jingmen
孝感 xiaogan
荆州 jingzhou
黄冈 huanggang
咸宁 xianning
随州 suizhou
恩施 enshi +市 +土家族苗族自治州
仙桃 xiantao
潜江 qianjiang
天门 tianmen
神农架 shennongjia +林区
# --- Hunan [市]
长沙 changsha
株洲 zhuzhou
湘潭 xiangtan
衡阳 hengyang
邵阳 shaoyang
岳阳 yueyang
常德 changde
张家界 zhangjiajie
益阳 yiyang
郴州 chenzhou
永州 yongzhou
怀化 huaihua
娄底 loudi
湘西 xiangxi +土家族苗族自治州
# --- Guangdong [市]
广州 guangzhou canton
韶关 shaoguan
深圳 shenzhen
珠海 zhuhai
汕头 shantou swatow
佛山 foshan
江门 jiangmen
湛江 zhanjiang
茂名 maoming
肇庆 zhaoqing
惠州 huizhou
梅州 meizhou
汕尾 shanwei
河源 heyuan
阳江 yangjiang
清远 qingyuan
东莞 dongguan
中山 zhongshan
潮州 chaozhou
揭阳 jieyang
云浮 yunfu
南山 nanshan +区
宝安 baoan +区
龙岗 longgang +区
龙华 longhua +区
罗湖 luohu +区
坪山 pingshan +区
盐田 yantian +区
番禺 panyu +区
南沙 nansha +区
黄埔 huangpu +区
顺德 shunde +区
# --- Guangxi [市]
南宁 nanning
柳州 liuzhou
桂林 guilin
梧州 wuzhou
北海 beihai
防城港 fangchenggang
钦州 qinzhou
贵港 guigang
玉林 yulin
百色 baise
贺州 hezhou
河池 hechi
来宾 laibin
崇左 chongzuo
# --- Hainan [市]
海口 haikou
三亚 sanya
三沙 sansha
儋州 danzhou
# --- Sichuan [市]
成都 chengdu
自贡 zigong
攀枝花 panzhihua
泸州 luzhou
德阳 deyang
绵阳 mianyang
广元 guangyuan
遂宁 suining
内江 neijiang
乐山 leshan
南充 nanchong
眉山 meishan
宜宾 yibin
广安 guangan
达州 dazhou
雅安 yaan
巴中 bazhong
资阳 ziyang
阿坝 aba ngawa +藏族羌族自治州
甘孜 ganzi garze +藏族自治州
凉山 liangshan +彝族自治州
# --- Guizhou [市]
贵阳 guiyang
六盘水 liupanshui
遵义 zunyi
安顺 anshun
毕节 bijie
铜仁 tongren
黔西南 qianxinan +布依族苗族自治州
黔东南 qiandongnan +苗族侗族自治州
黔南 qiannan +布依族苗族自治州
# --- Yunnan [市]
昆明 kunming
曲靖 qujing
玉溪 yuxi
保山 baoshan
昭通 zhaotong
丽江 lijiang
普洱 puer
临沧 lincang
楚雄 chuxiong +市 +彝族自治州
红河 honghe +哈尼族彝族自治州
文山 wenshan +市 +壮族苗族自治州
西双版纳 xishuangbanna +傣族自治州
大理 dali +市 +白族自治州
德宏 dehong +傣族景颇族自治州
怒江 nujiang +傈僳族自治州
迪庆 diqing +藏族自治州
# --- Tibet [市]
拉萨 lasa =lhasa
日喀则 rikaze =shigatse xigaze
昌都 changdu =chamdo qamdo
林芝 linzhi =nyingchi
山南 shannan lhoka +市 +地区
那曲 naqu =nagqu nakchu +市 +地区
# --- Shaanxi [市]
西安 xian sian
铜川 tongchuan
宝鸡 baoji
咸阳 xianyang
渭南 weinan
延安 yanan
汉中 hanzhong
榆林 yulin
安康 ankang
商洛 shangluo
# --- Gansu [市]
兰州 lanzhou
嘉峪关 jiayuguan
金昌 jinchang
白银 baiyin
天水 tianshui
武威 wuwei
张掖 zhangye
平凉 pingliang
酒泉 jiuquan
庆阳 qingyang
定西 dingxi
陇南 longnan
临夏 linxia +市 +回族自治州
甘南 gannan +藏族自治州
# --- Qinghai [市]
西宁 xining
海东 haidong
海北 haibei +藏族自治州
黄南 huangnan +藏族自治州
果洛 guoluo =golog +藏族自治州
玉树 yushu +市 +藏族自治州
海西 haixi +蒙古族藏族自治州
格尔木 geermu =golmud
# --- Ningxia [市]
银川 yinchuan
石嘴山 shizuishan
吴忠 wuzhong
固原 guyuan
# --- Xinjiang: prefecture level [市]
乌鲁木齐 wulumuqi =urumqi urumchi
克拉玛依 kelamayi =karamay qaramay
吐鲁番 tulufan =turpan turfan
哈密 hami kumul qumul
昌吉 changji +市 +回族自治州
博尔塔拉 boertala =bortala +蒙古自治州
巴音郭楞 bayinguoleng =bayingolin bayingol +蒙古自治州
阿克苏 akesu =aksu aqsu +市 +地区
克孜勒苏 kezilesu =kizilsu kezilsu qizilsu +柯尔克孜自治州
喀什 kashi =kashgar kaxgar qeshqer +市 +地区
和田 hetian =hotan khotan +市 +地区 +县
伊犁 yili =ili +哈萨克自治州
塔城 tacheng +市 +地区
阿勒泰 aletai =altay +市 +地区
# --- Xinjiang: cities of the Production and Construction Corps [市]
石河子 shihezi
阿拉尔 alaer =aral alar
图木舒克 tumushuke =tumxuk
五家渠 wujiaqu
北屯 beitun
铁门关 tiemenguan
可克达拉 kekedala
胡杨河 huyanghe
# --- Xinjiang: counties and county-level cities named in the lists [县 市]
库尔勒 kuerle =korla
伊宁 yining =ghulja gulja
奎屯 kuitun
阜康 fukang
乌苏 wusu
博乐 bole
阿拉山口 alashankou
霍尔果斯 huoerguosi =khorgos horgos
阿图什 atushi =artux
墨玉 moyu =karakax qaraqash
洛浦 luopu =lop
于田 yutian =keriya
皮山 pishan =guma
策勒 cele =qira chira
民丰 minfeng =niya
莎车 shache =yarkand yarkant
叶城 yecheng =kargilik karghilik
疏勒 shule
疏附 shufu
伽师 jiashi =peyzawat
英吉沙 yingjisha =yengisar
麦盖提 maigaiti =makit
泽普 zepu =poskam
巴楚 bachu =maralbexi
岳普湖 yuepuhu
塔什库尔干 tashikuergan =tashkurgan
库车 kuche =kuqa kucha
沙雅 shaya
温宿 wensu
阿瓦提 awati
柯坪 keping
乌什 wushi =uqturpan
阿克陶 aketao =akto
乌恰 wuqia =ulugqat
鄯善 shanshan =piqan
托克逊 tuokexun =toksun
焉耆 yanqi =karashahr
若羌 ruoqiang =charkhlik
且末 qiemo =cherchen
达坂城 dabancheng
# --- Beijing, Shanghai and Tianjin districts named in company names [区]
海淀 haidian
东城 dongcheng
西城 xicheng
丰台 fengtai
石景山 shijingshan
昌平 changping
顺义 shunyi
大兴 daxing
通州 tongzhou
房山 fangshan
怀柔 huairou
浦东 pudong
闵行 minhang
嘉定 jiading
松江 songjiang
宝山 baoshan
徐汇 xuhui
杨浦 yangpu
虹口 hongkou
静安 jingan
黄浦 huangpu
青浦 qingpu
滨海 binhai
# --- Taiwan [市 县]
台北 taibei =taipei
新北 xinbei =newtaipei
桃园 taoyuan
台中 taizhong =taichung
台南 tainan
高雄 gaoxiong =kaohsiung
新竹 xinzhu =hsinchu
基隆 jilong =keelung
嘉义 jiayi =chiayi
彰化 zhanghua =changhua
屏东 pingdong =pingtung
花莲 hualian =hualien
台东 taidong =taitung
宜兰 yilan
苗栗 miaoli
南投 nantou
云林 yunlin
澎湖 penghu
金门 jinmen =kinmen
"""


@dataclass(frozen=True, slots=True)
class PlaceName:
    """One way of writing a place in hanzi: 新疆维吾尔自治区 is 新疆 + 维吾尔自治区."""

    hanzi: str  # as matched, suffix included
    pinyin: str  # of the place itself: "xinjiang"
    suffix: str  # "维吾尔自治区", "市", "" ...


def _read_table(table: str) -> tuple[dict[str, PlaceName], dict[str, list[str]], dict[str, str]]:
    forms: dict[str, PlaceName] = {}
    spellings: dict[str, list[str]] = {}
    english: dict[str, str] = {}
    default_suffixes: list[str] = []
    for line in table.splitlines():
        line = line.strip()
        if line.startswith("#"):
            tag = line.partition("[")[2].partition("]")[0]
            default_suffixes = tag.split()
            continue
        if not line:
            continue
        hanzi, pinyin, *rest = line.split()
        suffixes = [word[1:] for word in rest if word.startswith("+")]
        others = [word for word in rest if not word.startswith("+")]
        if not any(word.startswith("+") for word in rest):
            suffixes = default_suffixes
        for suffix in ("", *(s for s in suffixes if s)):
            forms.setdefault(hanzi + suffix, PlaceName(hanzi + suffix, pinyin, suffix))
        known = spellings.setdefault(pinyin, [])
        for other in others:
            word = other.removeprefix("=")
            if other.startswith("="):
                english[pinyin] = word
            if word not in known:
                known.append(word)
    return forms, spellings, english


_FORMS, _SPELLINGS, _ENGLISH = _read_table(_TABLE)

#: Every way of writing a place in simplified hanzi -> how it is read and what it ends with.
PLACE_NAMES: dict[str, PlaceName] = _FORMS
#: Simplified hanzi of a place, with and without 省/市/地区/自治区... -> pinyin: 新疆 and
#: 新疆维吾尔自治区 -> "xinjiang", 深圳市 -> "shenzhen".
CHINESE_PLACES: dict[str, str] = {hanzi: form.pinyin for hanzi, form in _FORMS.items()}
#: Pinyin of a place -> its other spellings in Latin script (conventional, postal, Wade-Giles).
CHINESE_PLACE_SPELLINGS: dict[str, tuple[str, ...]] = {
    pinyin: tuple(others) for pinyin, others in _SPELLINGS.items() if others
}
#: Pinyin -> the spelling English texts use instead, where it is not the pinyin (urumqi).
CHINESE_PLACE_ENGLISH: dict[str, str] = _ENGLISH
#: Any spelling (pinyin or other) -> the pinyin: "aksu", "aqsu", "akesu" -> "akesu".
CHINESE_PLACE_CANONICAL: dict[str, str] = {
    **{pinyin: pinyin for pinyin in CHINESE_PLACES.values()},
    **{
        spelling: pinyin
        for pinyin, others in CHINESE_PLACE_SPELLINGS.items()
        for spelling in others
    },
}
#: Every Latin spelling of a Chinese place, lowercase and joined ("hongkong", "aksu").
CHINESE_PLACE_PINYIN: frozenset[str] = frozenset(CHINESE_PLACE_CANONICAL)
#: The longest hanzi key, for longest-match scanning.
LONGEST_PLACE: int = max(map(len, PLACE_NAMES))


def canonical_place(spelling: str) -> str | None:
    """The pinyin of a place spelled in any known way ("Kashgar" -> "kashi"), else None."""
    key = spelling.lower().replace(" ", "").replace("'", "").replace("-", "")
    return CHINESE_PLACE_CANONICAL.get(key)


def english_place(pinyin: str) -> str:
    """How English texts spell a place given by its pinyin ("wulumuqi" -> "urumqi")."""
    return CHINESE_PLACE_ENGLISH.get(pinyin, pinyin)
