export interface Step {
  label: string;
  /** Where the step's page is; a step that cannot be opened yet has none. */
  href?: string;
  state: 'done' | 'current' | 'todo';
}

/**
 * Where a person is in a form of several pages: each step, done or not, the current one marked for screen
 * readers (`aria-current="step"`).
 *
 * @example
 * <StepIndicator label="Application steps" steps={[
 *   { label: 'Organizations', href: '/applications/1/organizations', state: 'done' },
 *   { label: 'Region', href: '/applications/1/region', state: 'current' },
 *   { label: 'Check and submit', state: 'todo' },
 * ]} />
 */
export function StepIndicator({ label, steps }: { label: string; steps: readonly Step[] }) {
  return (
    <nav class="steps" aria-label={label}>
      <ol>
        {steps.map((step, index) => (
          <li key={step.label} class={`step step-${step.state}`}>
            <span class="step-number" aria-hidden="true">
              {step.state === 'done' ? '✓' : index + 1}
            </span>
            {step.href && step.state !== 'current' ? (
              <a href={step.href}>
                {step.label}
                {step.state === 'done' && <span class="visually-hidden"> (done)</span>}
              </a>
            ) : (
              <span aria-current={step.state === 'current' ? 'step' : undefined}>{step.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
