mod common;
use paiban::display::Cmyk;
use paiban::fonts::FontBook;
use paiban::text::*;
#[test]
fn probe() {
    let book = FontBook::load(&common::root().join("fonts"), &Default::default()).unwrap();
    let fonts = book.faces();
    for role in ["书宋", "楷体", "仿宋", "黑体"] {
        let f = book.role(role).unwrap();
        let style = TextStyle {
            faces: FaceChain::new(&[f, book.body()]),
            size: 9.0,
            color: Cmyk::BLACK,
        };
        let t = "甲“乙”‘丁’·／/——……%％℃";
        let para = Paragraph::new(
            &fonts,
            &[Span {
                text: t.into(),
                style,
            }],
            0.0,
            &Composition::default(),
        );
        print!("{role}: ");
        for u in &para.units {
            let g = &para.glyphs[u.glyphs.start as usize];
            let bb = fonts
                .face(g.face)
                .glyph_bounding_box(ttf_parser::GlyphId(g.id));
            let upem = fonts.upem(g.face);
            print!(
                "{}[{:?} w={:.2} adv={:.2} lead={:.2} ink={:?}] ",
                &para.text[u.text.start as usize..u.text.end as usize],
                u.class,
                u.width / 9.0,
                g.advance / 9.0,
                u.lead / 9.0,
                bb.map(|b| (b.x_min as f32 / upem, b.x_max as f32 / upem))
            );
        }
        println!();
    }
    use paiban::text::normalize::normalize;
    for t in [
        "总值(GDP)1761亿元",
        "我市 GDP 增长 4.1% ,位居",
        "他说:\"好!\"然后?",
        "( 注:见上 )",
        "Xi'an、O’Neill和McDonald’s",
        "株 洲",
        "“ 好 ”",
        "他问:“为什么?”",
        "价格(元/百公斤):252",
    ] {
        println!("{t:?} -> {:?}", normalize(t));
    }
}
