// Every schema type the Studio knows, in the order they appear in "create new" menus.
import { blockContent } from './blockContent'
import { campaign } from './campaign'
import { contact } from './contact'
import { course } from './course'
import { courseSession } from './courseSession'
import { newsPost } from './newsPost'
import { organisation } from './organisation'
import { report } from './report'
import { seo } from './seo'
import { siteSettings } from './siteSettings'

export const schemaTypes = [
  course,
  campaign,
  report,
  newsPost,
  organisation,
  contact,
  siteSettings,
  courseSession,
  seo,
  blockContent,
]
