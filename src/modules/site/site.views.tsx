import { Layout, type PageContext } from '../../platform/ui/index.js';

export function OverviewPage({ ctx, contactEmail }: { ctx: PageContext; contactEmail: string }) {
  return (
    <Layout ctx={ctx} title="Overview">
      <h1>{ctx.programName}</h1>
      <p class="lead">
        Local organizations — universities, school districts, county offices of education and nonprofits — run
        computer science professional learning for teachers as Regional Partners, each serving a region of the
        United States.
      </p>
      <div class="cards">
        <section class="card" aria-labelledby="teachers">
          <h2 id="teachers">Teachers, counselors and administrators</h2>
          <p>Find the partner serving your area, and join its professional-learning workshops.</p>
          <p>
            <a href="/find">Find your partner</a>
          </p>
        </section>
        <section class="card" aria-labelledby="organizations">
          <h2 id="organizations">Organizations</h2>
          <p>Check whether your region is open and apply to become a Regional Partner, alone or jointly.</p>
          <p>
            <a href="/apply">Apply</a>
          </p>
        </section>
        <section class="card" aria-labelledby="questions">
          <h2 id="questions">Questions</h2>
          <p>
            Read the <a href="/faq">frequently asked questions</a>, or write to{' '}
            <a href={`mailto:${contactEmail}`}>{contactEmail}</a>.
          </p>
        </section>
      </div>
    </Layout>
  );
}
