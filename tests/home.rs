//! `PAIBAN_HOME`: an installed binary run far from any checkout finds its `layouts/` there.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::root;

#[test]
fn a_template_only_paiban_home_has_is_found_there() {
    // Outside the checkout: the target folder usually lies inside it, and the edition's
    // folders upwards would reach the checkout's own layouts/ before PAIBAN_HOME.
    let base = std::env::temp_dir().join(format!("paiban-home-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (home, desk) = (base.join("paiban-home"), base.join("desk"));
    std::fs::create_dir_all(home.join("layouts")).unwrap();
    std::fs::create_dir_all(&desk).unwrap();
    std::fs::copy(
        root().join("layouts/broadsheet.toml"),
        home.join("layouts/house-broadsheet.toml"),
    )
    .unwrap();
    std::fs::write(desk.join("a.md"), "+++\ntitle = \"主题\"\n+++\n正文。\n").unwrap();
    std::fs::write(
        desk.join("edition.toml"),
        "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"house-broadsheet\"\n\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\n\n[[page.block]]\narticle = \"a.md\"\n\
         column = 1\ncolumns = 3\nline = 13\nlines = 10\n",
    )
    .unwrap();
    let run = |home: Option<&PathBuf>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_paiban"));
        c.current_dir(&desk).args(["check", "edition.toml"]);
        c.env_remove("PAIBAN_HOME");
        if let Some(h) = home {
            c.env("PAIBAN_HOME", h);
        }
        let out = c.output().expect("the binary runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // Without it the template is unknown (the build folder's layouts/ has no such file) …
    let (code, err) = run(None);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("unknown template `house-broadsheet`"), "{err}");
    // … with it, the edition checks.
    let (code, err) = run(Some(&home));
    let _ = std::fs::remove_dir_all(&base);
    assert_eq!(code, 0, "{err}");
}
