// The Day 7 lesson, done the way a student does it: commands typed in the terminal
// and a Service typed into the editor. Each step is ticked off only when the cluster
// shows its result, and the lesson reads in the page's language.
import { test, expect } from './fixtures.js';

const panel = (page) => page.getByRole('region', { name: /^(Lesson|Lição)$/ });
const step = (page, title) => panel(page).getByRole('listitem').filter({ hasText: title });

async function run(page, line) {
  const prompt = page.getByRole('textbox', { name: 'Terminal command' });
  await prompt.fill(line);
  await prompt.press('Enter');
  await expect(prompt).toHaveValue('');
}

async function done(page, title) {
  await expect(step(page, title)).toHaveClass(/\bdone\b/, { timeout: 30_000 });
}

test('the Day 7 lesson is completed by doing its steps, each ticked off by the cluster', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('combobox', { name: 'Choose a lesson' }).selectOption({ label: 'Day 7: StatefulSet and Service' });
  await page.getByRole('button', { name: 'Start lesson' }).click();

  // The first step is shown with what to do and its checks, none done yet at the start.
  const current = panel(page).getByRole('article', { name: 'Pods start one at a time, in order' });
  await expect(current).toContainText('giropops-1 is only created once giropops-0 is Running and Ready');
  await expect(current.getByRole('listitem').filter({ hasText: 'pod giropops-2 is Running and Ready' }))
    .toContainText('not yet');
  await done(page, 'Pods start one at a time, in order');

  // The next step is not done until its action: the names resolve while the Service exists.
  const dns = 'Each pod has its own DNS name, through the headless Service';
  await expect(panel(page).getByRole('article', { name: dns })).toContainText('kubectl delete service nginx');
  await page.getByRole('button', { name: 'instant', exact: true }).click();
  await expect(step(page, dns)).not.toHaveClass(/\bdone\b/);
  await run(page, 'kubectl delete service nginx');
  await done(page, dns);

  await run(page, 'kubectl apply -f giropops.yaml');
  await done(page, 'Bring the names back');

  await run(page, 'kubectl delete pod giropops-1');
  await done(page, 'Delete a pod: it comes back with the same name and the same volume');

  await run(page, 'kubectl scale statefulset giropops --replicas=5');
  await done(page, 'Scale up to 5 replicas');
  await run(page, 'kubectl scale statefulset giropops --replicas=3');
  await done(page, 'Scale down to 3: the claims stay');
  await run(page, 'kubectl scale statefulset giropops --replicas=5');
  await done(page, 'Scale up again: the old claims are reused');

  await run(page, `kubectl patch statefulset giropops -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}'`);
  await run(page, 'kubectl set image statefulset/giropops nginx=nginx:1.28');
  await done(page, 'A rolling update that stops at a partition');
  await run(page, `kubectl patch statefulset giropops -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'`);
  await done(page, 'Finish the rollout');

  // The last step in the editor: a NodePort Service typed at the end of the text.
  const last = 'Expose the pods with a NodePort Service';
  await expect(step(page, last)).not.toHaveClass(/\bdone\b/);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(
    '\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: giropops-nodeport\nspec:\n  type: NodePort\n' +
      '  selector:\n    app: nginx\n  ports:\n  - port: 80\n    nodePort: 30080\n',
  );
  await done(page, last);
  await expect(panel(page).getByRole('status').filter({ hasText: 'Lesson complete: every step is done.' }))
    .toBeVisible();
  await expect(panel(page).locator('.lesson-step.done')).toHaveCount(10);
});

test('a lesson reads in Portuguese with ?lang=pt-BR and starts from ?lesson=', async ({ page }) => {
  await page.goto('./?lang=pt-BR&lesson=day-7');
  await expect(panel(page).getByRole('article', { name: 'Os pods sobem um de cada vez, em ordem' }))
    .toContainText('giropops-1 só é criado quando giropops-0 está Running e Ready');
  await expect(step(page, 'Os pods sobem um de cada vez, em ordem')).toHaveClass(/\bdone\b/, { timeout: 30_000 });
  await expect(panel(page).getByRole('article', { name: 'Cada pod tem o próprio nome DNS, pelo Service headless' }))
    .toContainText('Service nginx não existe (ainda não)');
});
