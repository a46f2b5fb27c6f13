"""The words of Chinese organisation names, with the English the lists use for them.

A Chinese company name is place + trade name + industry + organisation form:
北京 / 商汤 / 科技 开发 / 有限公司 is "Beijing Shangtang Technology Development Co., Ltd.".
The trade name is only ever transliterated; the other parts are *translated* in the lists'
English names. ``chinese.analyze_chinese`` finds those parts with the table below and
reads the name both in pinyin and in translation.

One term a line: ``hanzi|kind|english; other english...``. The first English rendering
is the one the translated form uses (the one the lists use most: 电子 is "Electronics"
more often than "Electronic"); the others are there for the scorer
(``ENGLISH_FOR_TERM``). An optional fourth field corrects the pinyin where pypinyin
reads a term wrongly out of context. Kinds:

- ``L`` legal form: the English field is the symbol shared with ``legal_forms``;
- ``O`` organisation word (集团 group, 研究所 research institute, 公安局 public security
  bureau); ``N`` is the same for units that take a number before them (第十四研究所,
  六一三九八部队);
- ``I`` industry or descriptive word (科技 technology, 国际 international);
- ``A`` administrative suffix of a place (市, 自治区), ``E`` ethnic designation in the
  name of an autonomous area (维吾尔 Uyghur);
- ``C`` connector (与 "and"), ``P`` a foreign country (美国 United States).

Written for entitywatch from the English names in the official lists (CSL, OFAC, the
DoD 1260H list) and general knowledge of Chinese business vocabulary.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from anyascii import anyascii

# Legal-form symbols, the same as ``legal_forms`` uses for the English and other forms.
LTD = "ltd"  # 有限公司: "Co., Ltd.", "Limited"
JSC = "jsc"  # 股份有限公司: a company limited by shares ("joint stock", mostly "Co., Ltd.")
LLC = "llc"  # 有限责任公司: limited liability company
CO = "co"  # 公司: "Company", "Corporation"
LP = "lp"  # 有限合伙: limited partnership
KK = "kk"  # 株式会社: Japanese kabushiki kaisha ("Co., Ltd.", "Corporation")

_TERMS = f"""
# --- legal forms (longest first is not needed: matching is longest-match) ---
股份有限公司|L|{JSC}
股份有限责任公司|L|{JSC}
有限责任公司|L|{LLC}
责任有限公司|L|{LLC}
有限公司|L|{LTD}
股份公司|L|{JSC}
总公司|L|{CO}
公司|L|{CO}
有限合伙|L|{LP}
株式会社|L|{KK}
# --- organisation words ---
集团|O|group
控股集团|O|holding group; holdings group
分公司|O|branch; branch company
子公司|O|subsidiary
办事处|O|representative office; office
代表处|O|representative office
总部|O|headquarters
研究所|N|research institute; institute
研究院|N|research institute; academy; research academy; institute
科学院|O|academy of sciences; academy of science
工程院|O|academy of engineering
研究中心|N|research center; research centre
研究室|N|research laboratory; research office; laboratory
重点实验室|O|key laboratory
实验室|N|laboratory; lab; laboratories
中心|N|center; centre
大学|O|university
工业大学|O|university of technology; institute of technology; polytechnical university
理工大学|O|institute of technology; university of science and technology
科技大学|O|university of science and technology
工程大学|O|engineering university; university of engineering
航空航天大学|O|university of aeronautics and astronautics
邮电大学|O|university of posts and telecommunications
师范大学|O|normal university
学院|O|college; academy; institute; school
学校|O|school
医院|N|hospital
所|N|institute
院|N|academy; institute
厂|N|factory; plant; works
工厂|N|factory; plant; works
分厂|N|branch factory; factory
基地|N|base
公安局|O|public security bureau
公安厅|O|public security department
公安部|O|ministry of public security
公安|I|public security
局|N|bureau; administration
厅|O|department
部|O|ministry; department
委员会|O|committee; commission
办公室|O|office
人民政府|O|people's government; government
政府|O|government
兵团|O|corps; bingtuan
师|N|division
团|N|regiment
部队|N|unit; troops; force
总队|N|corps; contingent
支队|N|detachment
大队|N|brigade
监狱|N|prison
看守所|N|detention center; detention house
拘留所|N|detention center
协会|O|association
学会|O|society
基金会|O|foundation
联合会|O|federation
商会|O|chamber of commerce
联盟|O|alliance; league
事务所|O|office; firm
银行|O|bank
交易所|O|exchange
# --- industry and descriptive words ---
科技|I|technology; science and technology; technologies; sci-tech; tech
技术|I|technology; technologies; technical
科学|I|science; scientific; sciences
科学技术|I|science and technology
高科技|I|high tech; high technology; hi-tech
高新技术|I|high tech; new and high technology; high technology
科工|I|science and industry
信息|I|information; info
信息技术|I|information technology
资讯|I|information
电子|I|electronics; electronic
电器|I|electrical appliance; electric appliance; electrical
电气|I|electric; electrical
电力|I|electric power; power
电机|I|electric machinery; motor; electrical machinery
电信|I|telecom; telecommunications; telecommunication
通信|I|communications; communication; telecommunications
通讯|I|communications; communication; telecommunications
网络|I|network; networks; net
互联网|I|internet
软件|I|software
硬件|I|hardware
数字|I|digital
数码|I|digital
数据|I|data
大数据|I|big data
云计算|I|cloud computing
人工智能|I|artificial intelligence; ai
智能|I|intelligent; smart; intelligence
智慧|I|smart; intelligence; wisdom
光电|I|optoelectronic; optoelectronics; photoelectric; optical and electronic; optical electronics
光电子|I|optoelectronics; optoelectronic
光学|I|optical; optics
激光|I|laser
半导体|I|semiconductor; semiconductors
微电子|I|microelectronics; micro electronics; microelectronic
集成电路|I|integrated circuit; integrated circuits; ic
积体电路|I|integrated circuit; integrated circuits
芯片|I|chip; chips; microchip
存储|I|memory; storage
存储器|I|memory
计算机|I|computer; computers
电脑|I|computer; computers
计算|I|computing; computation
超级计算|I|supercomputing; supercomputer
超算|I|supercomputing; supercomputer
超级计算机|I|supercomputer; supercomputing
电路|I|circuit; circuits
器件|I|devices; device; components
元器件|I|components; electronic components
电源|I|power supply; power
电池|I|battery; batteries
传感器|I|sensor; sensors
雷达|I|radar
导航|I|navigation
卫星|I|satellite
测控|I|measurement and control; tracking and control
测试|I|testing; test
检测|I|testing; inspection; detection
检验|I|inspection
计量|I|metrology; measurement
控制|I|control
自动化|I|automation
机器人|I|robot; robotics
无人机|I|drone; drones; unmanned aerial vehicle; uav
监控|I|surveillance; monitoring
视频|I|video
图像|I|image; imaging
识别|I|recognition; identification
安防|I|security
安全|I|security; safety
系统|I|system; systems
解决方案|I|solutions; solution
制造|I|manufacturing; manufacture; manufacturer
装备|I|equipment
设备|I|equipment
器材|I|equipment; apparatus
仪器|I|instrument; instruments
仪表|I|instrument; instruments; meter
机械|I|machinery; mechanical; machine
机电|I|electromechanical; mechanical and electrical
精密|I|precision
材料|I|materials; material
新材料|I|new materials; new material
化工|I|chemical; chemical industry; chemicals
化学|I|chemical; chemistry; chemicals
石油|I|petroleum; oil
石化|I|petrochemical; petrochemicals
天然气|I|natural gas; gas
能源|I|energy
新能源|I|new energy
核工业|I|nuclear industry
核电|I|nuclear power
核能|I|nuclear energy; nuclear power
核|I|nuclear
航空|I|aviation; aeronautical; aero; aeronautics; airlines
航天|I|aerospace; space; astronautics
航空航天|I|aerospace; aeronautics and astronautics
航太|I|aerospace
宇航|I|aerospace; astronautics
船舶|I|shipbuilding; ship; marine; shipping
造船|I|shipbuilding
重工|I|heavy industry; heavy industries
兵器|I|ordnance; weapons; arms
军工|I|military industry; defense industry
国防|I|national defense; defense; defence
军事|I|military
导弹|I|missile; missiles
火箭|I|rocket; rockets
发动机|I|engine; engines
动力|I|power; dynamics
防务|I|defense; defence
工业|I|industry; industrial; industries
产业|I|industry; industries; industrial
实业|I|industrial; industry; enterprise
贸易|I|trading; trade
商贸|I|trading; trade and commerce
经贸|I|economic and trade; economy and trade
进出口|I|import and export; imp and exp; import export
出口|I|export
进口|I|import
物流|I|logistics
运输|I|transport; transportation
航运|I|shipping
海运|I|shipping; marine transport
远洋|I|ocean; ocean shipping; cosco
港口|I|port
投资|I|investment; investments
控股|I|holding; holdings
金融|I|financial; finance
资本|I|capital
资产|I|assets; asset
证券|I|securities
保险|I|insurance
信托|I|trust
基金|I|fund
发展|I|development
开发|I|development
研发|I|research and development; r and d
研究|I|research
科研|I|scientific research; research
创新|I|innovation; innovative
工程|I|engineering
建设|I|construction
建筑|I|construction; architecture; building
生产建设|I|production and construction
生产|I|production
设计|I|design
咨询|I|consulting; consultancy
服务|I|service; services
管理|I|management
供应链|I|supply chain
医药|I|pharmaceutical; pharmaceuticals; medicine
医疗|I|medical
医疗器械|I|medical devices; medical equipment
生物|I|biological; bio; biology
生物科技|I|biotechnology; biotech; bio technology
生物技术|I|biotechnology; biotech
基因|I|gene; genomics; genetics
纺织|I|textile; textiles
色纺|I|dyed melange yarn; color spinning; colour spinning
服装|I|garment; garments; apparel; clothing
棉业|I|cotton
农业|I|agriculture; agricultural
食品|I|food; foods
环保|I|environmental protection; environmental
环境|I|environment; environmental
钢铁|I|iron and steel; steel
金属|I|metal; metals
有色金属|I|nonferrous metals; non-ferrous metals
矿业|I|mining
稀土|I|rare earth; rare earths
光伏|I|photovoltaic; solar
太阳能|I|solar; solar energy
照明|I|lighting
显示|I|display
光纤|I|optical fiber; fiber optic; optical fibre
电缆|I|cable; cables
汽车|I|automobile; automotive; motor; auto
车辆|I|vehicle; vehicles
传媒|I|media
文化|I|culture; cultural
教育|I|education
培训|I|training
职业技能|I|vocational skills; vocational skill
商务|I|business; commerce
商业|I|commercial; business
电子商务|I|e-commerce; electronic commerce
海洋|I|marine; ocean; oceanic
海事|I|maritime
维修|I|maintenance; repair
通用|I|general
国际|I|international
国家|I|national; state
中央|I|central
全国|I|national
人民|I|people's; people
解放军|I|liberation army
中国人民解放军|I|people's liberation army; pla
联合|I|united; joint
合资|I|joint venture
对外|I|foreign
经济|I|economic
民主|I|democracy; democratic
人权|I|human rights
情报|I|intelligence
参谋|I|staff
战略支援|I|strategic support
西北|I|northwest; northwestern
东北|I|northeast; northeastern
西南|I|southwest; southwestern
东南|I|southeast; southeastern
华北|I|north china
华东|I|east china
华南|I|south china
华中|I|central china
北方|I|north; northern
南方|I|south; southern
# --- administrative suffixes of places ---
省|A|province
市|A|municipality; city; municipal
区|A|district
县|A|county
地区|A|prefecture; region
盟|A|league
林区|A|forestry district
自治区|A|autonomous region
自治州|A|autonomous prefecture
特别行政区|A|special administrative region; sar
新区|A|new area; new district
开发区|A|development zone
高新区|A|high tech zone; high-tech zone
# --- ethnic designations in the names of autonomous areas ---
维吾尔|E|uyghur; uighur; uygur
壮族|E|zhuang
回族|E|hui
蒙古|E|mongolian; mongol
蒙古族|E|mongolian; mongol
哈萨克|E|kazakh
柯尔克孜|E|kyrgyz; kirgiz
藏族|E|tibetan
羌族|E|qiang
彝族|E|yi
朝鲜族|E|korean
土家族|E|tujia
苗族|E|miao
侗族|E|dong
布依族|E|buyei; bouyei
傣族|E|dai
景颇族|E|jingpo
哈尼族|E|hani
白族|E|bai
傈僳族|E|lisu
# --- connectors ---
与|C|and
和|C|and
及|C|and
暨|C|and
# --- foreign countries (names of foreign organisations in Chinese) ---
美国|P|united states; us; usa; america; american
日本|P|japan; japanese
英国|P|united kingdom; uk; britain; british
德国|P|germany; german
法国|P|france; french
俄罗斯|P|russia; russian
加拿大|P|canada; canadian
澳大利亚|P|australia; australian
韩国|P|south korea; korea; korean
朝鲜|P|north korea; korea; dprk
欧洲|P|europe; european
欧盟|P|european union; eu
伊朗|P|iran; iranian
印度|P|india; indian
新加坡|P|singapore
"""

# Traditional characters of the words above (and of the place names) -> simplified, so that
# 商湯集團有限公司 reads like 商汤集团有限公司. Pinyin does not need it (pypinyin reads both
# scripts); the dictionaries do. Written for entitywatch: pairs of traditional + simplified.
_TRADITIONAL_PAIRS = """
萬万 與与 專专 業业 東东 絲丝 兩两 嚴严 喪丧 個个 豐丰 臨临 為为 麗丽 舉举 義义
烏乌 樂乐 喬乔 習习 鄉乡 書书 買买 亂乱 爭争 於于 虧亏 雲云 亞亚 產产 畝亩 親亲
億亿 僅仅 從从 倉仓 儀仪 們们 價价 眾众 優优 會会 傘伞 偉伟 傳传 傷伤 倫伦 偽伪
體体 餘余 傭佣 僉佥 俠侠 侶侣 僥侥 偵侦 側侧 僑侨 儂侬 俁俣 儔俦 儼俨 倆俩 儷俪
儉俭 債债 傾倾 僂偻 僅仅 傑杰 兌兑 兒儿 黨党 蘭兰 關关 興兴 茲兹 養养 獸兽 內内
岡冈 冊册 寫写 軍军 農农 馮冯 衝冲 決决 況况 凍冻 淨净 涼凉 減减 湊凑 凜凛 幾几
鳳凤 憑凭 凱凯 擊击 鑿凿 芻刍 劃划 劉刘 則则 剛刚 創创 刪删 別别 剎刹 劑剂 剮剐
劍剑 劇剧 勸劝 辦办 務务 勵励 勁劲 勞劳 勢势 勳勋 勻匀 匭匦 區区 醫医 華华 協协
單单 賣卖 盧卢 滷卤 衛卫 卻却 廠厂 廳厅 曆历 歷历 壓压 厭厌 厙厍 廁厕 廂厢 縣县
參参 雙双 發发 變变 敘叙 疊叠 葉叶 號号 嘆叹 嘰叽 嚇吓 呂吕 嗎吗 噸吨 聽听 啟启
吳吴 嘸呒 囈呓 嘔呕 嚦呖 唄呗 員员 嗆呛 嗚呜 詠咏 嚨咙 嚀咛 響响 啞哑 噠哒 嘩哗
團团 園园 圍围 圖图 國国 圓圆 聖圣 場场 壞坏 塊块 堅坚 壇坛 壢坜 壩坝 塢坞 墳坟
墜坠 壟垄 壚垆 壘垒 墾垦 堊垩 墊垫 埡垭 塏垲 塒埘 塤埙 壯壮 聲声 殼壳 壺壶 處处
備备 復复 夠够 頭头 誇夸 夾夹 奪夺 奮奋 獎奖 奧奥 婦妇 媽妈 嫵妩 嫗妪 姍姗 孫孙
學学 孿孪 寧宁 寶宝 實实 寵宠 審审 憲宪 宮宫 寬宽 賓宾 寢寝 對对 尋寻 導导 壽寿
將将 爾尔 塵尘 嘗尝 堯尧 尷尴 屍尸 盡尽 層层 屬属 屢屡 嶼屿 歲岁 豈岂 嶇岖 崗岗
峴岘 嵐岚 島岛 嶺岭 嶽岳 崠岽 巋岿 峽峡 嶠峤 崢峥 嶗崂 巒峦 鞏巩 幣币 帥帅 師师
幃帏 帳帐 簾帘 幟帜 帶带 幀帧 幫帮 幬帱 幹干 廣广 莊庄 慶庆 廬庐 廡庑 庫库 應应
廟庙 龐庞 廢废 開开 異异 棄弃 張张 彌弥 彎弯 彈弹 強强 歸归 當当 錄录 彥彦 徹彻
徑径 徠徕 憶忆 懺忏 憂忧 懷怀 態态 慫怂 憐怜 總总 懟怼 戀恋 懇恳 惡恶 慟恸 懨恹
愷恺 惻恻 惱恼 惲恽 悅悦 懸悬 慳悭 驚惊 懼惧 慘惨 懲惩 憊惫 愜惬 慚惭 憚惮 慣惯
願愿 懾慑 戰战 戲戏 戶户 撲扑 執执 擴扩 捫扪 掃扫 揚扬 擾扰 撫抚 摶抟 摳抠 掄抡
搶抢 護护 報报 擔担 擬拟 攏拢 揀拣 擁拥 攔拦 擰拧 撥拨 擇择 掛挂 摯挚 攣挛 擋挡
擠挤 揮挥 撈捞 損损 撿捡 換换 搗捣 據据 擄掳 摑掴 擲掷 撣掸 摻掺 摜掼 攬揽 撳揿
攙搀 擱搁 摟搂 攪搅 攜携 攝摄 擺摆 搖摇 擯摈 攤摊 攖撄 撐撑 攆撵 擷撷 擼撸 攛撺
擻擞 敵敌 斂敛 數数 齋斋 斕斓 鬥斗 斬斩 斷断 無无 舊旧 時时 曠旷 暘旸 曇昙 晝昼
顯显 晉晋 曬晒 曉晓 曄晔 暈晕 暉晖 暫暂 曖暧 術术 樸朴 機机 殺杀 雜杂 權权 條条
來来 楊杨 榪杩 極极 構构 樅枞 樞枢 棗枣 櫪枥 梘枧 棖枨 槍枪 楓枫 梟枭 櫃柜 檸柠
檉柽 梔栀 柵栅 標标 棧栈 櫛栉 櫳栊 棟栋 櫨栌 櫟栎 欄栏 樹树 棲栖 樣样 欒栾 棬桊
桿杆 檜桧 槳桨 樁桩 夢梦 檢检 欞棂 槨椁 櫝椟 槧椠 橢椭 樓楼 欖榄 榿桤 櫬榇 櫚榈
櫸榉 檳槟 櫧槠 橫横 檣樯 櫻樱 櫫橥 櫥橱 櫓橹 櫞橼 檁檩 歡欢 歐欧 殲歼 殤殇 殘残
殞殒 殮殓 殫殚 殯殡 毆殴 毀毁 轂毂 畢毕 斃毙 氈毡 氣气 氫氢 氬氩 氳氲 匯汇 漢汉
湯汤 溝沟 沒没 灃沣 漚沤 瀝沥 淪沦 滄沧 溈沩 滬沪 濘泞 淚泪 澩泶 瀧泷 瀘泸 濼泺
瀉泻 潑泼 澤泽 涇泾 潔洁 灑洒 窪洼 浹浃 淺浅 漿浆 澆浇 湞浈 濁浊 測测 澮浍 濟济
瀏浏 渾浑 滸浒 濃浓 潯浔 濤涛 澇涝 淶涞 漣涟 渦涡 溳涢 渙涣 滌涤 潤润 澗涧 漲涨
澀涩 淵渊 漬渍 瀆渎 漸渐 澠渑 漁渔 瀋沈 滲渗 溫温 遊游 灣湾 濕湿 潰溃 濺溅 漵溆
滎荥 滾滚 滯滞 灩滟 灄滠 滿满 瀅滢 濾滤 濫滥 灤滦 濱滨 灘滩 澦滪 瀠潆 瀟潇 瀲潋
濰潍 潛潜 瀾澜 瀨濑 灝灏 滅灭 燈灯 靈灵 災灾 燦灿 煬炀 爐炉 燉炖 煒炜 熗炝 點点
煉炼 熾炽 爍烁 爛烂 烴烃 燭烛 煙烟 煩烦 燒烧 燁烨 燴烩 燙烫 燼烬 熱热 煥焕 燜焖
燾焘 愛爱 爺爷 牘牍 犛牦 牽牵 犧牺 犢犊 狀状 獷犷 猶犹 狽狈 獰狞 獨独 狹狭 獅狮
獪狯 猙狰 獄狱 獻献 獵猎 獼猕 玀猡 璣玑 瑪玛 瑋玮 環环 現现 璽玺 琺珐 瓏珑 璫珰
琿珲 瑣琐 瑤瑶 瑩莹 瓊琼 璦瑷 璉琏 甌瓯 電电 畫画 暢畅 疇畴 療疗 瘧疟 癘疠 瘍疡
瘡疮 瘋疯 皰疱 癰痈 痙痉 癢痒 瘂痖 癆痨 瘓痪 癇痫 癡痴 癱瘫 癮瘾 癭瘿 癬癣 皚皑
皺皱 盞盏 鹽盐 監监 蓋盖 盜盗 盤盘 瞘眍 眥眦 矚瞩 睜睁 瞼睑 瞞瞒 礬矾 礦矿 碭砀
碼码 磚砖 硨砗 硯砚 碸砜 礪砺 礱砻 礫砾 礎础 碩硕 硤硖 磽硗 確确 鹼碱 礙碍 磧碛
磣碜 禮礼 禕祎 禰祢 禎祯 禱祷 禍祸 祿禄 稟禀 禪禅 離离 禿秃 稈秆 種种 積积 稱称
穢秽 穩稳 穡穑 窮穷 竊窃 竅窍 窯窑 竄窜 窩窝 窺窥 竇窦 豎竖 競竞 筆笔 筍笋 筧笕
箋笺 籠笼 籩笾 築筑 篳筚 篩筛 箏筝 籌筹 簽签 簡简 籜箨 籃篮 籬篱 類类 糧粮 糲粝
糶粜 糴籴 緊紧 縈萦 繫系 糾纠 紀纪 紂纣 約约 紅红 紆纡 紇纥 紈纨 紉纫 緯纬 紜纭
純纯 紕纰 紗纱 綱纲 納纳 縱纵 綸纶 紛纷 紙纸 紋纹 紡纺 紐纽 紓纾 線线 紺绀 紲绁
紱绂 練练 組组 紳绅 細细 織织 終终 縐绉 絆绊 紼绋 絀绌 紹绍 繹绎 經经 紿绐 綁绑
絨绒 結结 絝绔 繞绕 絰绖 絎绗 繪绘 給给 絢绚 絳绛 絡络 絕绝 絞绞 統统 綆绠 綃绡
絹绢 繡绣 綏绥 絛绦 繼继 綈绨 績绩 緒绪 綾绫 續续 綺绮 緋绯 綽绰 緔绱 緄绲 繩绳
維维 綿绵 綬绶 繃绷 綢绸 綹绺 綣绻 綜综 綻绽 綰绾 綠绿 綴缀 緇缁 緙缂 緗缃 緘缄
緬缅 纜缆 緹缇 緲缈 緝缉 縕缊 繢缋 緦缌 綞缍 緞缎 緶缏 縋缒 緩缓 締缔 縷缕 編编
緡缗 緣缘 縉缙 縛缚 縟缛 縝缜 縫缝 縗缞 縞缟 纏缠 縭缡 縊缢 縑缣 繽缤 縹缥 縵缦
縲缧 纓缨 縮缩 繆缪 繅缫 纈缬 繚缭 繕缮 繒缯 韁缰 繳缴 繰缲 罌罂 網网 羅罗 罰罚
罷罢 羆罴 羈羁 羥羟 翹翘 耬耧 聳耸 恥耻 聶聂 聾聋 職职 聹聍 聯联 聵聩 聰聪 肅肃
腸肠 膚肤 腎肾 腫肿 脹胀 脅胁 膽胆 勝胜 朧胧 腖胨 臚胪 脛胫 膠胶 脈脉 膾脍 臍脐
腦脑 膿脓 臠脔 腳脚 脫脱 腡脶 臉脸 臘腊 醃腌 膩腻 騰腾 臏膑 臟脏 艤舣 艦舰 艙舱
艫舻 艱艰 豔艳 藝艺 節节 羋芈 薌芗 蕪芜 蘆芦 蓯苁 葦苇 藶苈 莧苋 萇苌 蒼苍 苧苎
蘋苹 莖茎 蘢茏 蔦茑 塋茔 煢茕 繭茧 薦荐 萊莱 蕘荛 蓽荜 蕎荞 薈荟 薺荠 蕩荡 榮荣
葷荤 滎荥 犖荦 熒荧 蕁荨 藎荩 蓀荪 蔭荫 蕒荬 葒荭 葤荮 藥药 蓮莲 蒔莳 萵莴 薟莶
獲获 蕕莸 鶯莺 蒓莼 蘿萝 螢萤 營营 縈萦 蕭萧 薩萨 蔥葱 蕆蒇 蕢蒉 蔣蒋 蔞蒌 藍蓝
薊蓟 蘺蓠 蕷蓣 鎣蓥 驀蓦 薔蔷 蘞蔹 藺蔺 藹蔼 蘄蕲 蘊蕴 藪薮 蘚藓 虜虏 慮虑 蟲虫
蝦虾 雖虽 螞蚂 蠶蚕 蠔蚝 蝸蜗 蠟蜡 蠻蛮 蟄蛰 蠐蛴 蠅蝇 蟈蝈 蟬蝉 蠍蝎 螻蝼 蠑蝾
衊蔑 術术 銜衔 補补 襯衬 袞衮 襖袄 嫋袅 褘袆 襪袜 襲袭 襏袯 裝装 襠裆 褌裈 褳裢
襝裣 褲裤 襇裥 褸褛 襤褴 見见 觀观 規规 覓觅 視视 覘觇 覽览 覺觉 覬觊 覡觋 覿觌
覦觎 覯觏 覲觐 覷觑 觴觞 觸触 觶觯 訁讠 計计 訂订 訃讣 認认 譏讥 訐讦 訌讧 討讨
讓让 訕讪 訖讫 訓训 議议 訊讯 記记 講讲 諱讳 謳讴 詎讵 訝讶 訥讷 許许 訛讹 論论
訩讻 訟讼 諷讽 設设 訪访 訣诀 證证 詁诂 訶诃 評评 詛诅 識识 詐诈 訴诉 診诊 詆诋
謅诌 詞词 詘诎 詔诏 譯译 詒诒 誆诓 誄诔 試试 詿诖 詩诗 詰诘 詼诙 誠诚 誅诛 話话
誕诞 詬诟 詮诠 詭诡 詢询 詣诣 諍诤 該该 詳详 詫诧 諢诨 詡诩 誡诫 誣诬 語语 誚诮
誤误 誥诰 誘诱 誨诲 誑诳 說说 誦诵 誒诶 請请 諸诸 諏诹 諾诺 讀读 諑诼 誹诽 課课
諉诿 諛谀 誰谁 諗谂 調调 諂谄 諒谅 諄谆 誶谇 談谈 誼谊 謀谋 諶谌 諜谍 謊谎 諫谏
諧谐 謔谑 謁谒 謂谓 諤谔 諭谕 諼谖 讒谗 諮谘 諳谙 諺谚 諦谛 謎谜 諞谝 謨谟 讜谠
謝谢 謠谣 謗谤 謙谦 謐谧 謹谨 謾谩 謫谪 譾谫 謬谬 譚谭 譖谮 譙谯 讕谰 譜谱 譎谲
讞谳 譴谴 譫谵 讖谶 豈岂 貝贝 貞贞 負负 貢贡 財财 責责 賢贤 敗败 賬账 貨货 質质
販贩 貪贪 貧贫 貶贬 購购 貯贮 貫贯 貳贰 賤贱 賁贲 貰贳 貼贴 貴贵 貺贶 貸贷 貿贸
費费 賀贺 貽贻 賊贼 贄贽 賈贾 賄贿 貲赀 賃赁 賂赂 資资 賅赅 贐赆 賕赇 賑赈 賚赉
賒赊 賦赋 賭赌 贖赎 賞赏 賜赐 賡赓 賠赔 賧赕 賴赖 贅赘 賻赙 購购 賽赛 贈赠 贊赞
贇赟 贍赡 贏赢 贛赣 趙赵 趕赶 趨趋 趲趱 躉趸 躍跃 蹌跄 躒跞 踐践 蹺跷 蹕跸 躚跹
躋跻 踴踊 躊踌 蹤踪 躓踬 躑踯 躡蹑 蹣蹒 躕蹰 躥蹿 躪躏 軀躯 車车 軋轧 軌轨 軒轩
軔轫 轉转 軛轭 輪轮 軟软 轟轰 軲轱 軻轲 轤轳 軸轴 軹轵 軼轶 軫轸 轢轹 輕轻 載载
輊轾 轎轿 輇辁 輅辂 較较 輒辄 輔辅 輛辆 輦辇 輩辈 輝辉 輥辊 輞辋 輟辍 輜辎 輳辏
輻辐 輯辑 輸输 轡辔 轅辕 轄辖 輾辗 轆辘 轍辙 轔辚 辭辞 辯辩 農农 邊边 遼辽 達达
遷迁 過过 邁迈 運运 還还 這这 進进 遠远 違违 連连 遲迟 邇迩 逕迳 跡迹 適适 選选
遜逊 遞递 邐逦 邏逻 遺遗 遙遥 鄧邓 鄺邝 鄔邬 郵邮 鄒邹 鄴邺 鄰邻 鬱郁 郟郏 鄶郐
鄭郑 鄆郓 酈郦 鄖郧 鄲郸 醞酝 醬酱 釀酿 釁衅 釋释 裡里 鑒鉴 鑾銮 鏨錾 釓钆 釔钇
針针 釘钉 釗钊 釙钋 釕钌 釷钍 釺钎 釩钒 釣钓 鍆钔 釹钕 鈣钙 鈦钛 鉅钜 鈍钝 鈔钞
鐘钟 鈉钠 鋇钡 鋼钢 鈑钣 鈐钤 鑰钥 欽钦 鈞钧 鎢钨 鉤钩 鈧钪 鈁钫 鈥钬 鈄钭 鈕钮
鈀钯 鈺钰 錢钱 鉦钲 鉗钳 鈷钴 缽钵 鈳钶 鈽钚 鈸钹 鉞钺 鑽钻 鉬钼 鉭钽 鉀钾 鈿钿
鈾铀 鐵铁 鉑铂 鈴铃 鑠铄 鉛铅 鉚铆 鈰铈 鉉铉 鉈铊 鉍铋 鈮铌 鈹铍 鐸铎 銬铐 銠铑
鉺铒 銪铕 鋁铝 銱铞 銦铟 鎧铠 鍘铡 銖铢 銑铣 鋌铤 銩铥 鏵铧 銓铨 鎩铩 鉿铪 銚铫
鉻铬 銘铭 錚铮 銫铯 鉸铰 銥铱 銃铳 鐺铛 銨铵 銀银 銣铷 鑄铸 鐃铙 鋪铺 鋙铻 銷销
鎖锁 鋰锂 鋤锄 鏈链 鋁铝 鋯锆 鋨锇 銹锈 鋒锋 鋅锌 鋶锍 鐦锎 鐧锏 銳锐 銻锑 錒锕
鋝锊 錳锰 鋸锯 鋶锍 錕锟 錫锡 錮锢 鑼锣 錘锤 錐锥 錦锦 鍁锨 錠锭 鍵键 錄录 鋸锯
錳锰 鍍镀 鍋锅 鍛锻 鍍镀 鎂镁 鎳镍 鏡镜 鏢镖 鏗铿 鎊镑 鐳镭 鎘镉 鑌镔 鐮镰 鏤镂
鏈链 鑲镶 鑷镊 長长 門门 閂闩 閃闪 閆闫 閉闭 問问 闖闯 閏闰 閑闲 間间 閔闵 悶闷
閘闸 鬧闹 閨闺 聞闻 閩闽 閭闾 閥阀 閣阁 閡阂 閫阃 閱阅 閬阆 閻阎 闊阔 闃阒 闈闱
闋阕 闌阑 闕阙 闔阖 闐阗 闡阐 闢辟 闥闼 隊队 陽阳 陰阴 陣阵 階阶 際际 陸陆 隴陇
陳陈 陘陉 陝陕 隉陧 隕陨 險险 隨随 隱隐 隸隶 雋隽 難难 雛雏 讎雠 靂雳 霧雾 霽霁
靄霭 靚靓 靜静 靨靥 韃鞑 韉鞯 韋韦 韌韧 韓韩 韙韪 韜韬 韻韵 頁页 頂顶 頃顷 項项
順顺 須须 頊顼 頑顽 顧顾 頓顿 頎颀 頒颁 頌颂 頏颃 預预 顱颅 領领 頗颇 頸颈 頡颉
頰颊 頜颌 潁颍 頦颏 頤颐 頻频 頹颓 頷颔 穎颖 顆颗 題题 顏颜 額额 顓颛 顎颚 顒颙
類类 顙颡 顢颟 顫颤 顯显 顰颦 顴颧 風风 颯飒 颱台 颳刮 颶飓 飄飘 飆飙 飛飞 飢饥
飪饪 飯饭 飲饮 飼饲 飽饱 飾饰 餃饺 餅饼 餌饵 蝕蚀 餓饿 餘余 館馆 饅馒 馬马 馭驭
馱驮 馴驯 馳驰 驅驱 駁驳 驢驴 駔驵 駛驶 駟驷 駙驸 駒驹 騶驺 駐驻 駝驼 駑驽 駕驾
驛驿 駘骀 驍骁 駭骇 駢骈 驊骅 駱骆 驗验 駿骏 騁骋 騎骑 騍骒 騅骓 驂骖 騙骗 騷骚
騖骛 驁骜 驃骠 驕骄 驟骤 驢驴 驥骥 驤骧 髏髅 髖髋 鬢鬓 魘魇 魚鱼 魯鲁 鮑鲍 鮮鲜
鯉鲤 鯨鲸 鰻鳗 鱗鳞 鳥鸟 鳩鸠 雞鸡 鴉鸦 鴨鸭 鴻鸿 鵝鹅 鶴鹤 鷹鹰 鹵卤 鹹咸 麥麦
黃黄 黌黉 點点 黨党 齊齐 齒齿 齡龄 龍龙 龔龚 龜龟 臺台 檯台 颱台 灣湾 嶺岭 瀋沈
鬆松 後后 裏里 製制 範范 週周 徵征 鑑鉴 髮发 雙双 滙汇 彙汇 麵面 蘇苏 僅仅 爲为
羣群 衆众 綫线 銹锈 峯峰 鷄鸡 硃朱 菸烟 迴回 剋克 準准 鍾钟 餵喂 穀谷 薑姜 鎮镇
崑昆 巖岩 託托 澱淀 係系 戶户 動动 儲储 婁娄 廈厦 纖纤 級级 荊荆 銅铜 饒饶 夥伙
"""


class TermKind(StrEnum):
    LEGAL_FORM = "L"
    ORGANISATION = "O"
    NUMBERED_UNIT = "N"
    INDUSTRY = "I"
    ADMINISTRATIVE = "A"
    ETHNIC = "E"
    CONNECTOR = "C"
    FOREIGN_COUNTRY = "P"


@dataclass(frozen=True, slots=True)
class Term:
    """A known word of Chinese organisation names."""

    hanzi: str
    kind: TermKind
    english: tuple[str, ...]  # renderings in the lists, most used first; the symbol for L
    pinyin: str | None = None  # a correction of pypinyin's reading, joined, when needed

    @property
    def is_organisation(self) -> bool:
        return self.kind in (TermKind.ORGANISATION, TermKind.NUMBERED_UNIT)


def _read_terms(table: str) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for line in table.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        hanzi, kind, english, *rest = line.split("|")
        renderings = tuple(part.strip() for part in english.split(";") if part.strip())
        terms[hanzi] = Term(hanzi, TermKind(kind), renderings, rest[0] if rest else None)
    return terms


def _read_pairs(text: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for pair in text.split():
        traditional, simplified = pair[0], pair[1]
        if traditional != simplified:
            pairs[traditional] = simplified
    return pairs


#: Every known word, by its simplified hanzi.
TERMS: dict[str, Term] = _read_terms(_TERMS)
#: The longest term in characters, for longest-match scanning.
LONGEST_TERM: int = max(map(len, TERMS))
#: Legal forms in hanzi -> the symbol ``legal_forms`` uses: 有限公司 -> "ltd".
LEGAL_FORM_SYMBOLS: dict[str, str] = {
    hanzi: term.english[0] for hanzi, term in TERMS.items() if term.kind is TermKind.LEGAL_FORM
}
#: Traditional character -> simplified character.
TRADITIONAL_TO_SIMPLIFIED: dict[str, str] = _read_pairs(_TRADITIONAL_PAIRS)
_SIMPLIFY = str.maketrans(TRADITIONAL_TO_SIMPLIFIED)


def to_simplified(text: str) -> str:
    """``text`` with the traditional characters the table knows made simplified."""
    return text.translate(_SIMPLIFY)


@functools.lru_cache(maxsize=65536)
def pinyin_syllables(hanzi: str) -> tuple[str, ...]:
    """Toneless pinyin of each character, ü written u, phrase readings applied (重庆
    chong qing, 银行 yin hang). A character pypinyin does not know is transliterated by
    anyascii, or left out when that gives nothing."""
    from pypinyin import lazy_pinyin  # loaded on first use (see __getattr__)

    read = lazy_pinyin(hanzi, v_to_u=True, errors=_transliterate)
    return tuple(s.replace("ü", "u") for s in read if s)


def _transliterate(chars: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(chars).lower())


def term_pinyin(term: Term) -> str:
    """The joined pinyin of a term: 科技 -> "keji", 公安局 -> "gonganju"."""
    return term.pinyin or "".join(pinyin_syllables(term.hanzi))


def _english_lookups() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    by_pinyin: dict[str, list[str]] = {}
    by_english: dict[str, list[str]] = {}
    for term in TERMS.values():
        if term.kind in (TermKind.LEGAL_FORM, TermKind.CONNECTOR, TermKind.FOREIGN_COUNTRY):
            continue
        pinyin = term_pinyin(term)
        renderings = by_pinyin.setdefault(pinyin, [])
        for english in term.english:
            if english not in renderings:
                renderings.append(english)
            readings = by_english.setdefault(english, [])
            if pinyin not in readings:
                readings.append(pinyin)
    return (
        {k: tuple(v) for k, v in by_pinyin.items()},
        {k: tuple(v) for k, v in by_english.items()},
    )


#: The pinyin of a known word (as the "pinyin" form writes it, joined) -> its English
#: renderings in the lists, most used first: "keji" -> ("technology", "science and
#: technology", ...), "bingtuan" -> ("corps", "bingtuan"). For the scorer and weights:
#: a pinyin industry word is as generic as its English rendering.
ENGLISH_FOR_TERM: dict[str, tuple[str, ...]]
#: The reverse: an English rendering -> the pinyin of the words it renders.
PINYIN_FOR_ENGLISH: dict[str, tuple[str, ...]]


def __getattr__(name: str) -> dict[str, tuple[str, ...]]:
    """Build the pinyin lookups on first use: they need pypinyin's dictionary, which takes
    half a second to load, and a command that reads no Chinese should not pay for it."""
    if name in ("ENGLISH_FOR_TERM", "PINYIN_FOR_ENGLISH"):
        english, pinyin = _english_lookups()
        globals()["ENGLISH_FOR_TERM"] = english
        globals()["PINYIN_FOR_ENGLISH"] = pinyin
        return english if name == "ENGLISH_FOR_TERM" else pinyin
    raise AttributeError(name)
