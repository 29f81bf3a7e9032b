//! Lessons: the shipped files parse and speak every language; the Day 7 lesson is
//! completed by doing its steps on a simulated cluster, and no step counts as done
//! before its action; a mistake in a lesson file is reported where it is written.

mod support;

use ordinal::engine::Cluster;
use ordinal::examples::COURSE_EXAMPLE;
use ordinal::i18n;
use ordinal::lessons::{self, Lesson, LessonRun};
use ordinal::manifest::parse;
use support::*;

/// Apply every document of a manifest text, as the editor's Apply does.
fn apply_text(c: &mut Cluster, text: &str) {
    let parsed = parse(text);
    assert!(parsed.is_ok(), "{:?}", parsed.errors);
    for document in parsed.documents {
        c.apply(document.object).unwrap();
    }
}

fn settle(c: &mut Cluster) {
    assert!(c.run_until_settled(120_000), "{:?}", pod_states(c));
}

/// The course example with `replicas`, and with `partition` and `image` when given.
fn course(replicas: u32, partition: Option<u32>, image: Option<&str>) -> String {
    let mut text = COURSE_EXAMPLE.replace("  replicas: 3\n", &format!("  replicas: {replicas}\n"));
    if let Some(partition) = partition {
        text = text.replace(
            &format!("  replicas: {replicas}\n"),
            &format!("  replicas: {replicas}\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: {partition}\n"),
        );
    }
    if let Some(image) = image {
        text = text.replace(
            "        image: nginx\n",
            &format!("        image: {image}\n"),
        );
    }
    text
}

/// What a student does for a step.
type Action = Box<dyn Fn(&mut Cluster)>;

const NODE_PORT: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: giropops-nodeport\nspec:\n  type: NodePort\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n    nodePort: 30080\n";

#[test]
fn every_shipped_lesson_parses_and_speaks_english_and_portuguese() {
    for (id, text) in lessons::lesson_sources() {
        if let Err(e) = Lesson::parse(id, text) {
            panic!("{e}");
        }
    }
    let day7 = lessons::lesson("day-7").expect("the Day 7 lesson ships");
    assert_eq!(day7.example.as_deref(), Some("giropops"));
    // The course's languages; a language added later reads lessons in English until
    // someone translates them, so adding it stays one file.
    let languages = ["en", "pt-BR"];
    for lesson in lessons::lessons() {
        let mut texts = vec![&lesson.title, &lesson.description];
        for step in &lesson.steps {
            texts.extend([&step.title, &step.text]);
            texts.extend(step.hint.as_ref());
        }
        for text in texts {
            assert_eq!(
                text.languages().collect::<Vec<_>>(),
                languages,
                "{}: {text:?}",
                lesson.id
            );
        }
    }
    assert_eq!(day7.title.get("pt-BR"), "Dia 7: StatefulSet e Service");
    assert_eq!(day7.title.get("fr"), "Day 7: StatefulSet and Service");
}

#[test]
fn the_day_7_lesson_is_completed_by_doing_its_steps_and_never_before() {
    let lesson = lessons::lesson("day-7").unwrap();
    let step_ids: Vec<&str> = lesson.steps.iter().map(|s| s.id.as_str()).collect();
    let mut c = cluster();
    let mut run = LessonRun::start(lesson, &c);

    // Each action: the step is not done before it (on a settled cluster), and is done
    // once the cluster has settled after it.
    let expect_step =
        |c: &mut Cluster, run: &mut LessonRun, id: &str, act: &dyn Fn(&mut Cluster)| {
            let index = step_ids.iter().position(|s| *s == id).unwrap();
            assert_eq!(run.current(), Some(index), "expected to be on {id}");
            settle(c);
            assert!(
                !run.observe(lesson, c),
                "{id} counted as done before its action"
            );
            act(c);
            c.tick();
            settle(c);
            let unmet: Vec<String> = run
                .checklist(lesson, c)
                .into_iter()
                .filter(|s| !s.holds)
                .map(|s| s.label.to_string())
                .collect();
            assert!(
                run.observe(lesson, c),
                "{id} not done after its action; unmet: {unmet:?}; {:?}",
                pod_states(c)
            );
            assert!(run.is_done(index));
        };

    expect_step(&mut c, &mut run, "ordered-start", &|c| {
        apply_text(c, COURSE_EXAMPLE)
    });
    expect_step(&mut c, &mut run, "dns-needs-the-headless-service", &|c| {
        c.delete(&key("Service", "nginx")).unwrap()
    });
    expect_step(&mut c, &mut run, "dns-back", &|c| {
        apply_text(c, COURSE_EXAMPLE)
    });
    expect_step(&mut c, &mut run, "delete-a-pod", &|c| {
        c.delete(&key("Pod", "giropops-1")).unwrap()
    });
    expect_step(&mut c, &mut run, "scale-up", &|c| {
        apply_text(c, &course(5, None, None))
    });
    expect_step(&mut c, &mut run, "scale-down", &|c| {
        apply_text(c, &course(3, None, None))
    });
    expect_step(&mut c, &mut run, "scale-up-again", &|c| {
        apply_text(c, &course(5, None, None))
    });
    expect_step(&mut c, &mut run, "partitioned-update", &|c| {
        apply_text(c, &course(5, Some(3), Some("nginx:1.28")))
    });
    expect_step(&mut c, &mut run, "finish-rollout", &|c| {
        apply_text(c, &course(5, Some(0), Some("nginx:1.28")))
    });
    expect_step(&mut c, &mut run, "expose-with-nodeport", &|c| {
        apply_text(c, NODE_PORT)
    });
    assert!(run.is_finished());
    assert!(!run.observe(lesson, &c));
}

#[test]
fn the_deployment_lesson_is_completed_by_doing_its_steps_and_never_before() {
    let lesson = lessons::lesson("deployment-vs-statefulset").unwrap();
    let example = ordinal::examples::example(lesson.example.as_deref().unwrap()).unwrap();
    let mut c = cluster();
    let mut run = LessonRun::start(lesson, &c);
    let steps: Vec<(&str, Action)> = vec![
        (
            "both-start",
            Box::new(|c: &mut Cluster| apply_text(c, example.text)),
        ),
        (
            "delete-a-deployment-pod",
            Box::new(|c: &mut Cluster| {
                let name = pod_names(c)
                    .into_iter()
                    .find(|n| n.starts_with("giropops-web-"))
                    .unwrap();
                c.delete(&key("Pod", &name)).unwrap();
            }),
        ),
        (
            "delete-a-statefulset-pod",
            Box::new(|c: &mut Cluster| c.delete(&key("Pod", "giropops-0")).unwrap()),
        ),
        (
            "scale-the-deployment",
            Box::new(|c: &mut Cluster| {
                apply_text(
                    c,
                    &example
                        .text
                        .replacen("  replicas: 3\n", "  replicas: 5\n", 1),
                )
            }),
        ),
        (
            "names-in-dns",
            Box::new(|c: &mut Cluster| c.delete(&key("Service", "giropops-web")).unwrap()),
        ),
    ];
    for (index, (id, act)) in steps.iter().enumerate() {
        assert_eq!(lesson.steps[index].id, *id);
        settle(&mut c);
        assert!(
            !run.observe(lesson, &c),
            "{id} counted as done before its action"
        );
        act(&mut c);
        settle(&mut c);
        let unmet: Vec<String> = run
            .checklist(lesson, &c)
            .into_iter()
            .filter(|s| !s.holds)
            .map(|s| s.label.to_string())
            .collect();
        assert!(
            run.observe(lesson, &c),
            "{id} not done after its action; unmet: {unmet:?}"
        );
    }
    assert!(run.is_finished());
}

#[test]
fn a_pod_that_is_only_terminating_has_not_yet_been_replaced() {
    let lesson = lessons::lesson("day-7").unwrap();
    let mut c = cluster();
    apply_text(&mut c, COURSE_EXAMPLE);
    settle(&mut c);
    let mut run = LessonRun::start(lesson, &c);
    run.go_to(3, &c);
    c.delete(&key("Pod", "giropops-1")).unwrap();
    assert!(
        !run.observe(lesson, &c),
        "done while giropops-1 is still terminating"
    );
    let checklist = run.checklist(lesson, &c);
    assert_eq!(
        checklist[0].label.to_string(),
        "pod giropops-1 was deleted and came back"
    );
    assert!(!checklist[0].holds);
    let pt = i18n::locale("pt-BR").unwrap();
    assert_eq!(
        pt.format(&checklist[0].label),
        "o pod giropops-1 foi apagado e voltou"
    );
    settle(&mut c);
    assert!(run.observe(lesson, &c));
}

#[test]
fn a_partitioned_update_is_not_done_while_the_rollout_goes_past_the_partition() {
    let lesson = lessons::lesson("day-7").unwrap();
    let mut c = cluster();
    apply_text(&mut c, &course(5, None, None));
    settle(&mut c);
    let mut run = LessonRun::start(lesson, &c);
    run.go_to(7, &c);
    // Updating every pod (no partition) is not what the step asks.
    apply_text(&mut c, &course(5, None, Some("nginx:1.28")));
    settle(&mut c);
    assert!(!run.observe(lesson, &c));
}

fn error_of(text: &str) -> String {
    Lesson::parse("broken", text).unwrap_err().to_string()
}

const HEAD: &str = "title: {en: T}\ndescription: {en: D}\nsteps:\n- id: one\n  title: {en: S}\n  text: {en: X}\n  done_when:\n";

#[test]
fn an_unknown_check_is_reported_at_its_line() {
    let error = error_of(&format!(
        "{HEAD}  - pod_ready: giropops-0\n  - pod_redy: giropops-1\n"
    ));
    assert!(
        error.starts_with("lessons/broken.yaml: line 9, column 5: "),
        "{error}"
    );
    assert!(error.contains("unknown variant `pod_redy`"), "{error}");
}

#[test]
fn an_unknown_kind_an_empty_list_and_a_missing_text_are_located() {
    let error = error_of(&format!(
        "{HEAD}  - exists: {{kind: Pods, name: giropops-0}}\n"
    ));
    assert!(error.contains("line 8"), "{error}");
    assert!(error.contains("unknown kind \"Pods\""), "{error}");
    let error = error_of(&format!("{HEAD}  []\n").replace("  done_when:\n  []", "  done_when: []"));
    assert_eq!(
        error,
        "lessons/broken.yaml: line 4, column 3: steps[0]: the list is empty; give at least one"
    );
    let error = error_of(
        &HEAD
            .replace("text: {en: X}", "text: {}")
            .replace("done_when:\n", "done_when:\n  - pod_ready: a\n"),
    );
    assert!(
        error.contains("line 4, column 3: steps[0]: a text needs at least one language"),
        "{error}"
    );
    let error = error_of(&format!("{HEAD}  - pod_ready: a\n  colour: blue\n"));
    assert!(
        error.contains("line 9") && error.contains("unknown field `colour`"),
        "{error}"
    );
}

#[test]
fn a_repeated_step_id_and_an_unknown_example_are_located() {
    let steps = "- id: one\n  title: {en: S}\n  text: {en: X}\n  done_when:\n  - pod_ready: a\n";
    let text = format!("title: {{en: T}}\ndescription: {{en: D}}\nsteps:\n{steps}{steps}");
    assert_eq!(
        error_of(&text),
        "lessons/broken.yaml: line 9, column 3: step id \"one\" is used twice; each step needs its own"
    );
    let text =
        format!("title: {{en: T}}\ndescription: {{en: D}}\nexample: giropop\nsteps:\n{steps}");
    let error = error_of(&text);
    assert!(
        error.starts_with(
            "lessons/broken.yaml: line 3, column 1: example \"giropop\" is not one Ordinal ships"
        ),
        "{error}"
    );
}

#[test]
fn a_step_only_counts_what_happened_after_it_began() {
    let text = "title: {en: T}\ndescription: {en: D}\nsteps:\n- id: a\n  title: {en: A}\n  text: {en: A}\n  done_when:\n  - exists: {kind: StatefulSet, name: giropops}\n- id: b\n  title: {en: B}\n  text: {en: B}\n  done_when:\n  - pod_replaced: giropops-0\n";
    let lesson = Lesson::parse("custom", text).unwrap();
    let mut c = cluster();
    let mut run = LessonRun::start(&lesson, &c);
    apply_text(&mut c, &course(1, None, None));
    settle(&mut c);
    // giropops-0 was replaced before step b began: that does not count for b.
    c.delete(&key("Pod", "giropops-0")).unwrap();
    settle(&mut c);
    assert!(run.observe(&lesson, &c));
    assert!(!run.observe(&lesson, &c));
    c.delete(&key("Pod", "giropops-0")).unwrap();
    settle(&mut c);
    assert!(run.observe(&lesson, &c));
    assert!(run.is_finished());
}

mod hostile_input {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_lesson_text_is_read_or_refused_without_panicking(text in any::<String>()) {
            let _ = Lesson::parse("fuzz", &text);
        }

        #[test]
        fn a_damaged_day_7_lesson_is_refused_or_read_without_panicking(
            at in any::<prop::sample::Index>(),
            cut in 0usize..40,
        ) {
            let (_, text) = lessons::lesson_sources().iter().find(|(id, _)| *id == "day-7").unwrap();
            let mut start = at.index(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let damaged = format!("{}{}", &text[..start], &text[end..]);
            if let Err(e) = Lesson::parse("day-7", &damaged) {
                prop_assert!(e.to_string().starts_with("lessons/day-7.yaml: "));
            }
        }
    }
}

#[test]
fn checks_read_as_sentences_in_both_languages() {
    let lesson = lessons::lesson("deployment-vs-statefulset").unwrap();
    let check = &lesson.steps[1].done_when[0];
    assert_eq!(
        check.describe().to_string(),
        "3 pods labelled app=giropops-web are Ready, at least 1 of them new since the step began"
    );
    let pt = i18n::locale("pt-BR").unwrap();
    assert_eq!(
        pt.format(&check.describe()),
        "3 pods com os labels app=giropops-web estão Ready, pelo menos 1 deles novos desde o começo do passo"
    );
    let not = &lessons::lesson("day-7").unwrap().steps[1].done_when[1];
    assert_eq!(
        pt.format(&not.describe()),
        "não: giropops-0.nginx.default.svc.cluster.local resolve a partir de um pod"
    );
}
